# syntax=docker/dockerfile:1
# MonitorBot: multi-stage build following the dotnet-docker conventions.
#   docker build -t monitorbot .
#   docker run -d -v monitorbot-data:/data -e MONITORBOT_Discord__Token=... monitorbot

# ---- build and test (SDK image) ----
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /source

# Restore first, from the project files only, so the layer caches across code changes.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig MonitorBot.sln ./
COPY src/MonitorBot.Core/MonitorBot.Core.csproj src/MonitorBot.Core/
COPY src/MonitorBot.Storage/MonitorBot.Storage.csproj src/MonitorBot.Storage/
COPY src/MonitorBot.Feeds/MonitorBot.Feeds.csproj src/MonitorBot.Feeds/
COPY src/MonitorBot.Discord/MonitorBot.Discord.csproj src/MonitorBot.Discord/
COPY src/MonitorBot.Application/MonitorBot.Application.csproj src/MonitorBot.Application/
COPY src/MonitorBot.Demo/MonitorBot.Demo.csproj src/MonitorBot.Demo/
COPY src/MonitorBot.Worker/MonitorBot.Worker.csproj src/MonitorBot.Worker/
COPY tests/ tests/
COPY bench/MonitorBot.Bench/MonitorBot.Bench.csproj bench/MonitorBot.Bench/
RUN dotnet restore MonitorBot.sln

COPY src/ src/
COPY bench/ bench/
COPY config/ config/
RUN dotnet test MonitorBot.sln --no-restore
# ReadyToRun: about a third faster from start to ready (docs/benchmarks.md).
RUN dotnet publish src/MonitorBot.Worker/MonitorBot.Worker.csproj -c Release -a $TARGETARCH --self-contained false \
      -p:PublishReadyToRun=true -o /app

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
COPY --from=build /app .
COPY config/ /app/config/

# The database lives on a volume; config can be baked (above) or mounted over /app/config.
ENV MONITORBOT_CONFIG_DIR=/app/config \
    MONITORBOT_Storage__Path=/data/monitorbot.db \
    DOTNET_gcServer=0
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]

# Non-root: the official images define the 'app' user and $APP_UID.
USER $APP_UID

# The token comes from the environment at run time (MONITORBOT_Discord__Token), never from the image.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["dotnet", "/app/monitorbot.dll", "health"]

ENTRYPOINT ["dotnet", "/app/monitorbot.dll"]
CMD ["run"]
