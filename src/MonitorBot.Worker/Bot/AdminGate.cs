using Microsoft.Extensions.Options;
using MonitorBot.Discord;
using MonitorBot.Discord.Interactions;

namespace MonitorBot.Worker.Bot;

/// <summary>
/// Server-side check for admin commands (Discord's default_member_permissions only hides them): the member holds
/// Manage Server or Administrator, or is on the Discord:AdminRoleIds / Discord:AdminUserIds allow-lists.
/// </summary>
public sealed class AdminGate(IOptionsMonitor<DiscordOptions> options)
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;

    /// <summary>The value registered as default_member_permissions on admin commands: Manage Server.</summary>
    public const string DefaultMemberPermissions = "32";

    public bool IsAdmin(InteractionContext context)
    {
        var o = options.CurrentValue;
        if (context.UserId is { } user && o.AdminUserIds.Contains(user)) return true;
        if (context.RoleIds.Any(r => o.AdminRoleIds.Contains(r))) return true;
        if (context.Interaction.Member is null) return false; // DMs: no guild permissions
        return (context.Permissions & (Administrator | ManageGuild)) != 0;
    }

    /// <summary>Null when allowed; otherwise the ephemeral refusal to send (nothing is changed).</summary>
    public InteractionResponse? Refusal(InteractionContext context) =>
        IsAdmin(context)
            ? null
            : InteractionResponse.Error("⛔ This is an admin command: it needs the **Manage Server** permission (or Administrator), or a role or user listed in Discord:AdminRoleIds / Discord:AdminUserIds. Nothing was changed.");
}
