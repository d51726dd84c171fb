using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="DiscordOptions"/> (section "Discord", validated at start), registers the REST client
    /// (typed HttpClient + rate-limit handler over a singleton <see cref="DiscordRateLimiter"/>), the gateway client
    /// and the interaction dispatcher as singletons, and <see cref="DiscordAttachmentDownloader"/> (typed HttpClient, no token). Registers no hosted service: the host decides when to run the gateway.
    /// </summary>
    public static IServiceCollection AddMonitorBotDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DiscordRateLimiter>();
        services.TryAddTransient<DiscordRateLimitHandler>();
        // Infinite client timeout: the rate-limit handler may legitimately wait (bucket reset, global 429); each
        // HTTP attempt has its own DiscordOptions.RestRequestTimeout. Long-lived singletons hold this client, so
        // pooled connections are recycled to follow DNS changes.
        services.AddHttpClient<DiscordRestClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler<DiscordRateLimitHandler>();
        // Attachment downloads: a separate client with no bot token and no Discord rate limiter (CDN URLs are pre-signed).
        services.AddHttpClient<DiscordAttachmentDownloader>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<DiscordOptions>>().Value.RestRequestTimeout);
        services.TryAddSingleton(sp => new DiscordGatewayClient(
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<IOptions<DiscordOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<DiscordGatewayClient>>()));
        services.TryAddSingleton(sp => new InteractionDispatcher(
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<IOptions<DiscordOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<InteractionDispatcher>>()));
        return services;
    }
}

/// <summary>Reports every problem from <see cref="DiscordOptions.Validate"/> (never the token).</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var problems = DiscordOptions.Validate(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
