using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Worker.Bot.Commands;

namespace MonitorBot.Worker.Bot;

public static class CommandServiceCollectionExtensions
{
    /// <summary>Adds one slash command: it is registered with Discord and routed from its definition (see <see cref="BotCommandCatalog"/>).</summary>
    public static IServiceCollection AddCommand<T>(this IServiceCollection services) where T : class, ICommandModule
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ICommandModule, T>();
        return services;
    }
}
