using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Rest;
using MonitorBot.Discord.Tests.Fake;

namespace MonitorBot.Discord.Tests;

/// <summary>Builds the real DI graph (AddMonitorBotDiscord) against a fake Discord with fast timing knobs.</summary>
internal static class TestHost
{
    public static ServiceProvider Build(FakeDiscordServer fake, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Discord:Token"] = FakeDiscordServer.DefaultToken,
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:InvalidSessionDelayMin"] = "00:00:00.010",
            ["Discord:InvalidSessionDelayMax"] = "00:00:00.020",
            ["Discord:ReconnectBackoffBase"] = "00:00:00.020",
            ["Discord:ReconnectBackoffMax"] = "00:00:00.200",
            ["Discord:IdentifyMinInterval"] = "00:00:00",
            ["Discord:RestRetryBaseDelay"] = "00:00:00.010",
            ["Discord:InteractionDeferThreshold"] = "00:00:00.300",
            ["Discord:AutocompleteTimeout"] = "00:00:00.500",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddMonitorBotDiscord(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static DiscordRestClient Rest(this IServiceProvider sp) => sp.GetRequiredService<DiscordRestClient>();

    public static DiscordGatewayClient Gateway(this IServiceProvider sp) => sp.GetRequiredService<DiscordGatewayClient>();

    public static InteractionDispatcher Dispatcher(this IServiceProvider sp) => sp.GetRequiredService<InteractionDispatcher>();

    public static string Ms(int ms) => TimeSpan.FromMilliseconds(ms).ToString("c", CultureInfo.InvariantCulture);
}

/// <summary>Runs a gateway in the background for a test and stops it on dispose.</summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();

    public RunningGateway(DiscordGatewayClient gateway)
    {
        Gateway = gateway;
        Task = Task.Run(() => gateway.RunAsync(_cts.Token));
    }

    public DiscordGatewayClient Gateway { get; }

    public Task Task { get; }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or DiscordFatalException)
        {
            // Stopped.
        }

        _cts.Dispose();
    }
}
