using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Worker.Bot.Commands;

namespace MonitorBot.Worker.Bot;

/// <summary>
/// The slash commands, built from the registered <see cref="ICommandModule"/>s (in registration order): what is
/// registered with Discord in one idempotent bulk overwrite, and the dispatcher routes, with the admin gate applied
/// from each definition (per command or per subcommand) so no module checks it itself.
/// </summary>
public sealed class BotCommandCatalog
{
    private readonly IReadOnlyList<ICommandModule> _modules;
    private readonly AdminGate _gate;

    public BotCommandCatalog(IEnumerable<ICommandModule> modules, AdminGate gate)
    {
        _modules = [.. modules];
        _gate = gate;
        var duplicate = _modules.GroupBy(m => m.Definition.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two command modules are named '{duplicate.Key}'.");
        Commands = [.. _modules.Select(m => m.Definition.ToApplicationCommand())];
    }

    /// <summary>What Discord receives.</summary>
    public IReadOnlyList<ApplicationCommand> Commands { get; }

    /// <summary>Maps every module: the command, each subcommand, its autocomplete and its buttons.</summary>
    public void MapTo(InteractionDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        foreach (var module in _modules)
        {
            var definition = module.Definition;
            // The bare name also catches a subcommand without a route of its own: gated if any path is admin-only.
            dispatcher.Map(definition.Name, Gated(module.HandleAsync, definition.IsAdminOnlyAnywhere), definition.Ephemeral);
            foreach (var sub in definition.Subcommands)
            {
                dispatcher.Map($"{definition.Name} {sub.Name}", Gated(module.HandleAsync, definition.IsAdminOnly(sub)), definition.IsEphemeral(sub));
            }
            if (definition.HasAutocomplete)
            {
                dispatcher.MapAutocomplete(definition.Name, GatedAutocomplete(module, definition.IsAdminOnlyAnywhere));
            }
            foreach (var component in module.Components)
            {
                dispatcher.MapComponent(component.CustomIdPrefix, Gated(component.Handler, component.AdminOnly), component.Ephemeral);
            }
        }
    }

    private InteractionHandler Gated(InteractionHandler handler, bool adminOnly) =>
        !adminOnly ? handler : (context, cancellationToken) => _gate.Refusal(context) is { } refusal ? Task.FromResult(refusal) : handler(context, cancellationToken);

    private AutocompleteHandler GatedAutocomplete(ICommandModule module, bool adminOnly) =>
        (context, cancellationToken) => adminOnly && !_gate.IsAdmin(context)
            ? Task.FromResult<IReadOnlyList<ApplicationCommandOptionChoice>>([])
            : module.AutocompleteAsync(context, cancellationToken);
}
