using MonitorBot.Discord.Interactions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>The answers command modules share: who asked (for the audit trail), a done, a refusal with its problems.</summary>
public static class CommandReplies
{
    public static string Who(InteractionContext context)
    {
        var user = context.Interaction.Member?.User ?? context.Interaction.User;
        return user is null ? "unknown" : $"{user.Username} ({user.Id})";
    }

    public static InteractionResponse Ok(string title, string body) => InteractionResponse.Reply(BotMessages.Text(title, body, BotMessages.Green), ephemeral: true);

    public static InteractionResponse Refused(string title, IEnumerable<string> problems) =>
        InteractionResponse.Reply(BotMessages.Text(title, "Nothing was changed.\n" + string.Join("\n", problems.Select(p => "• " + BotMessages.Trim(p, 400))), BotMessages.Red), ephemeral: true);

    public static InteractionResponse Result(AdminResult r) => r.Ok ? InteractionResponse.Reply(r.Message, ephemeral: true) : InteractionResponse.Error(r.Message);
}
