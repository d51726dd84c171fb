using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>
/// One slash command: its definition (what is registered with Discord, who may use it, whether the answer is private),
/// its handler and, when an option asks for it, its autocomplete. Registered with
/// <see cref="CommandServiceCollectionExtensions.AddCommand{T}"/>; the catalogue and the dispatcher routes come from
/// the registered modules, and the admin gate is applied from <see cref="CommandDefinition"/>, never by the module.
/// </summary>
public interface ICommandModule
{
    CommandDefinition Definition { get; }

    /// <summary>The command (any of its subcommands: <see cref="InteractionContext.Subcommand"/> says which).</summary>
    Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken);

    /// <summary>Choices for the focused option; called only when an option of the definition has autocomplete.</summary>
    Task<IReadOnlyList<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApplicationCommandOptionChoice>>([]);

    /// <summary>Buttons the command's messages carry, routed (and gated) like the command.</summary>
    IReadOnlyList<ComponentDefinition> Components => [];
}

/// <summary>A subcommand: its schema, and whether it is admin-only and answered ephemerally (null: as the command).</summary>
public sealed record SubcommandDefinition(string Name, string Description, IReadOnlyList<ApplicationCommandOption>? Options = null)
{
    public bool? AdminOnly { get; init; }

    public bool? Ephemeral { get; init; }
}

/// <summary>
/// A message-component route a command owns (buttons on its messages): custom_id prefix, handler, and the same
/// admin-only and ephemeral flags, applied by the dispatch wiring.
/// </summary>
public sealed record ComponentDefinition(string CustomIdPrefix, InteractionHandler Handler)
{
    public bool AdminOnly { get; init; }

    public bool Ephemeral { get; init; }
}

/// <summary>
/// What a module declares: name, description, either value options or subcommands, admin-only (the whole command, or
/// per subcommand) and ephemeral. <see cref="ToApplicationCommand"/> is what Discord receives.
/// </summary>
public sealed record CommandDefinition(string Name, string Description)
{
    /// <summary>Value options of a command without subcommands.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    public IReadOnlyList<SubcommandDefinition> Subcommands { get; init; } = [];

    /// <summary>The default of every subcommand (and the command itself); a subcommand may say otherwise.</summary>
    public bool AdminOnly { get; init; }

    /// <summary>Errors are always ephemeral; this makes every answer (and a deferred reply) ephemeral.</summary>
    public bool Ephemeral { get; init; }

    public bool IsAdminOnly(SubcommandDefinition subcommand) => subcommand.AdminOnly ?? AdminOnly;

    public bool IsEphemeral(SubcommandDefinition subcommand) => subcommand.Ephemeral ?? Ephemeral;

    /// <summary>True when every path of the command is admin-only: Discord then hides it from members without Manage Server.</summary>
    public bool IsAdminOnlyEverywhere => Subcommands.Count == 0 ? AdminOnly : Subcommands.All(IsAdminOnly);

    /// <summary>True when some path is admin-only (a route that cannot tell which one is gated).</summary>
    public bool IsAdminOnlyAnywhere => AdminOnly || Subcommands.Any(IsAdminOnly);

    public bool HasAutocomplete =>
        (Options ?? []).Concat(Subcommands.SelectMany(s => s.Options ?? [])).Any(o => o.Autocomplete == true);

    public ApplicationCommand ToApplicationCommand() => new()
    {
        Name = Name,
        Description = Description,
        Contexts = [0],
        DefaultMemberPermissions = IsAdminOnlyEverywhere ? AdminGate.DefaultMemberPermissions : null,
        Options = Subcommands.Count == 0
            ? Options
            : [.. Subcommands.Select(s => CommandOptions.Subcommand(s.Name, s.Description, s.Options ?? []))],
    };
}
