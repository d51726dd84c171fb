using System.Globalization;
using System.Text;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot;

/// <summary>Renders MonitorBot answers and alerts as Discord messages (limits enforced by the embed builder).</summary>
public static class BotMessages
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const int Red = 0xE74C3C;
    public const int Orange = 0xE67E22;
    public const int Yellow = 0xF1C40F;
    public const int Green = 0x2ECC71;
    public const int Blue = 0x3498DB;
    public const int Grey = 0x95A5A6;

    public const string AckPrefix = "alert:ack:";
    public const string MutePrefix = "alert:mute24:";

    public static int ColorOf(SupplyLevel level) => level switch
    {
        SupplyLevel.Critical => Red,
        SupplyLevel.Disrupted => Orange,
        SupplyLevel.Watch => Yellow,
        SupplyLevel.Unknown => Grey,
        _ => Green,
    };

    public static int ColorOf(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Red,
        AlertSeverity.Warning => Orange,
        _ => Blue,
    };

    public static string Ago(TimeSpan age) => StatusFormat.Age(age);

    public static MessagePayload Status(SupplyStatus s)
    {
        var embed = new EmbedBuilder()
            .WithTitle(Trim($"Kachin heavy-rare-earth supply: {s.Headline}", 250))
            .WithColor(ColorOf(s.Level))
            .WithTimestamp(s.AsOf)
            .WithFooter($"As of {StatusFormat.DateTime(s.AsOf)} · every figure shows its source and age");
        var drivers = s.Drivers.Where(d => d.Level is > SupplyLevel.Normal or SupplyLevel.Unknown).ToList();
        embed.WithDescription(drivers.Count == 0
            ? "No driver above normal."
            : string.Join("\n", drivers.Select(d => $"**{d.Level}** · {d.Text} _({d.Source}{(d.AsOf is { } t ? ", " + StatusFormat.When(t) : "")})_")));
        if (s.Prices.Count > 0)
        {
            embed.AddField("Prices", string.Join("\n", s.Prices.Select(p =>
                $"**{p.Name}**: {StatusFormat.Price(p.Value, p.Unit, p.Currency)}"
                + (p.ChangeVsPreviousPct is { } prev ? $", {StatusFormat.Pct(prev)} vs previous" : "")
                + (p.ChangeVsBaselinePct is { } b && p.BaselineTime is { } bt ? $", {StatusFormat.Pct(b)} vs {StatusFormat.Date(bt)}" : "")
                + $" — {p.Source}, {StatusFormat.Age(p.Age)}")));
        }
        if (s.Proxies is { Count: > 0 } proxies)
        {
            embed.AddField("Listed proxies", string.Join("\n", proxies.Select(p =>
                $"**{p.Name}**: {StatusFormat.Price(p.Value, p.Unit, p.Currency)}"
                + (p.ChangeVsPreviousPct is { } prev ? $", {StatusFormat.Pct(prev)} vs previous" : "")
                + $" — {p.Source}, {StatusFormat.Age(p.Age)}")));
        }
        if (s.Trade.Count > 0)
        {
            embed.AddField("Imports from Myanmar", string.Join("\n", s.Trade.Take(4).Select(TradeLineText)));
        }
        if (s.News.Count > 0)
        {
            embed.AddField("Recent relevant news", string.Join("\n", s.News.Take(5).Select(n =>
                $"• [{Trim(n.Title, 120)}]({n.Url}) — {n.Outlet}, {StatusFormat.Age(n.Age)}")));
        }
        embed.AddField("Alerts firing", s.Alerts.Count == 0 ? "none" : string.Join("\n", s.Alerts.Take(8).Select(a =>
            $"**{a.Severity}** {a.Title} _(since {StatusFormat.Date(a.Since)}, {a.Source})_")));
        var down = s.Feeds.Where(f => f.Status is FeedStatus.Degraded or FeedStatus.Disabled).ToList();
        embed.AddField("Sources", down.Count == 0
            ? $"{s.Feeds.Count} source(s), none degraded"
            : string.Join("\n", down.Select(f => $"{f.SourceId}: {f.Status} — {f.Reason ?? f.LastError}")));
        return new MessageBuilder().AddEmbed(embed).Build();
    }

    public static string TradeLineText(TradeLine t) =>
        $"**{StatusFormat.Period(t.Period)}**: {StatusFormat.Tonnes(t.Tonnes)}"
        + (t.YoYPct is { } y ? $", {StatusFormat.Pct(y)} y/y" : ", y/y n/a")
        + (t.YearEarlierTonnes is { } e ? $" (a year earlier {StatusFormat.Tonnes(e)})" : "")
        + $" — {t.Source}, fetched {StatusFormat.Date(t.FetchedAt)}";

    /// <summary>/trade, and /price of the imports series: the months newest first under a sparkline.</summary>
    public static MessagePayload Trade(IReadOnlyList<TradeLine> lines)
    {
        if (lines.Count == 0) return Text("China imports from Myanmar", "No trade data stored yet (the Comtrade source publishes with a lag of several months).");
        var spark = Sparkline.Render(lines.Reverse().Select(m => m.Tonnes).ToList());
        return Text("China imports of rare earths from Myanmar (HS 2846 + 280530)", $"`{spark}`\n" + string.Join("\n", lines.Select(TradeLineText)));
    }

    public static MessagePayload Alert(OutboxMessage m, bool withButtons = true)
    {
        var resolved = m.Kind == NotifyKind.Resolved;
        var prefix = m.Kind switch
        {
            NotifyKind.Fired => "🚨",
            NotifyKind.Escalated => "⏫",
            NotifyKind.Deescalated => "⏬ Eased:",
            NotifyKind.Reminder => "⏰ Reminder:",
            NotifyKind.Resolved => "✅ Resolved:",
            _ => "",
        };
        var embed = new EmbedBuilder()
            .WithTitle($"{prefix} [{m.Severity.ToString().ToUpperInvariant()}] {m.Title}")
            .WithDescription(m.Reason)
            .WithColor(resolved ? Green : ColorOf(m.Severity))
            .WithTimestamp(m.CreatedAt)
            .AddField("Topic", m.Topic, inline: true)
            .AddField("Source", m.Source, inline: true)
            .AddField("Alert", $"#{m.AlertId}", inline: true)
            .WithFooter($"{m.Fingerprint} · {StatusFormat.DateTime(m.CreatedAt)}");
        var builder = new MessageBuilder().AddEmbed(embed);
        if (m.MentionRoleId is { } role && !resolved)
        {
            builder.WithContent($"<@&{role}>").AllowRoleMentions([role]);
        }
        if (withButtons && !resolved)
        {
            builder.AddButtons(
                new Component { Type = 2, Style = 2, Label = "Ack", CustomId = AckPrefix + m.AlertId.ToString(Inv) },
                new Component { Type = 2, Style = 2, Label = "Mute 24 h", CustomId = MutePrefix + m.AlertId.ToString(Inv) });
        }
        var payload = builder.Build();
        // A resolution edit removes the buttons of the original message.
        return resolved ? payload with { Components = [] } : payload with { Nonce = $"mb-{m.Id}", EnforceNonce = true };
    }

    public static MessagePayload AlertList(IReadOnlyList<AlertRow> rows, string title)
    {
        var embed = new EmbedBuilder().WithTitle(title).WithColor(rows.Any(r => r.Alert.State.IsFiring && r.Alert.State.Severity == AlertSeverity.Critical) ? Red : Blue);
        if (rows.Count == 0) embed.WithDescription("No alerts.");
        foreach (var row in rows.Take(25))
        {
            var s = row.Alert.State;
            embed.AddField($"#{row.Alert.Id} [{s.Severity}] {Trim(s.Title, 200)}",
                $"{string.Join(", ", row.Flags)} · since {StatusFormat.When(row.Since)} · {s.Source}\n`{s.Fingerprint}`"
                + (row.Delivery is { } d ? $"\nmessages: {Trim(d.Describe(), 300)}" : ""));
        }
        return new MessageBuilder().AddEmbed(embed).Build();
    }

    public static MessagePayload Text(string title, string body, int color = Blue) =>
        new MessageBuilder().AddEmbed(new EmbedBuilder().WithTitle(title).WithDescription(body).WithColor(color)).Build();

    public static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    public static string CodeBlock(IEnumerable<string> lines)
    {
        var sb = new StringBuilder("```\n");
        foreach (var line in lines) sb.AppendLine(line.Replace("```", "'''", StringComparison.Ordinal));
        sb.Append("```");
        return sb.ToString();
    }
}
