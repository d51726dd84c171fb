using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Tests.Embeds;

public sealed class EmbedBuilderTests
{
    [Theory]
    [InlineData("title", 300, 256)]
    [InlineData("title", 256, 256)]
    [InlineData("title", 10, 10)]
    [InlineData("description", 5000, 4096)]
    [InlineData("footer", 3000, 2048)]
    [InlineData("author", 400, 256)]
    [InlineData("fieldName", 300, 256)]
    [InlineData("fieldValue", 2000, 1024)]
    public void Build_LongText_TruncatedToLimitWithEllipsis(string part, int inputLength, int expectedLength)
    {
        var text = new string('a', inputLength);
        var builder = new EmbedBuilder();
        _ = part switch
        {
            "title" => builder.WithTitle(text),
            "description" => builder.WithDescription(text),
            "footer" => builder.WithFooter(text),
            "author" => builder.WithAuthor(text),
            "fieldName" => builder.AddField(text, "v"),
            _ => builder.AddField("n", text),
        };

        var embed = builder.Build();
        var actual = part switch
        {
            "title" => embed.Title!,
            "description" => embed.Description!,
            "footer" => embed.Footer!.Text,
            "author" => embed.Author!.Name,
            "fieldName" => embed.Fields![0].Name,
            _ => embed.Fields![0].Value,
        };

        Assert.Equal(expectedLength, actual.Length);
        Assert.Equal(inputLength > expectedLength, actual.EndsWith('…'));
    }

    [Fact]
    public void AddField_MoreThan25_DropsTheRest()
    {
        var builder = new EmbedBuilder();
        for (var i = 0; i < 30; i++)
        {
            builder.AddField("f" + i, "v");
        }

        var embed = builder.Build();

        Assert.Equal(25, embed.Fields!.Count);
        Assert.Equal(5, builder.DroppedFields);
    }

    [Fact]
    public void AddField_EmptyNameOrValue_UsesZeroWidthSpace()
    {
        var embed = new EmbedBuilder().AddField("", " ").Build();

        Assert.Equal("\u200B", embed.Fields![0].Name);
        Assert.Equal("\u200B", embed.Fields![0].Value);
    }

    [Fact]
    public void Truncate_NeverSplitsSurrogatePair()
    {
        var text = new string('a', 254) + "😀😀😀";

        var cut = DiscordLimits.Truncate(text, 256);

        Assert.True(cut.Length <= 256);
        Assert.False(char.IsHighSurrogate(cut[^2]));
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageBuilder_EmbedsOver6000Total_FitsBudgetAndKeepsAtMost10()
    {
        var builder = new MessageBuilder().WithContent(new string('c', 2500));
        for (var i = 0; i < 12; i++)
        {
            builder.AddEmbed(new EmbedBuilder().WithTitle("Embed " + i).WithDescription(new string('d', 1500)).AddField("name", new string('v', 500)).WithFooter("footer"));
        }

        var payload = builder.Build();

        Assert.Equal(2000, payload.Content!.Length);
        Assert.True(payload.Embeds!.Count <= 10);
        var total = payload.Embeds.Sum(EmbedBuilder.CountCharacters);
        Assert.InRange(total, 5900, 6000);
        Assert.EndsWith("…", string.Concat(payload.Embeds[^1].Description, payload.Embeds[^1].Fields is { Count: > 0 } f ? f[^1].Value : null, payload.Embeds[^1].Footer?.Text), StringComparison.Ordinal);
        Assert.Empty(payload.AllowedMentions!.Parse);
    }

    [Fact]
    public void MessageBuilder_SmallEmbeds_Unchanged()
    {
        var embed = new EmbedBuilder().WithTitle("Tb oxide").WithDescription("up 3%").WithColor(0x123456)
            .WithTimestamp(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)).WithUrl("https://example.org/a").Build();

        var payload = new MessageBuilder().AddEmbed(embed).AddButtons(Component.Button("alert:ack:1", "Ack")).Build();

        Assert.Equal(embed, payload.Embeds![0]);
        Assert.Equal("2025-03-01T12:00:00.000Z", embed.Timestamp);
        Assert.Equal(ComponentTypes.ActionRow, payload.Components![0].Type);
        Assert.Equal("alert:ack:1", payload.Components[0].Components![0].CustomId);
    }

    [Fact]
    public void WithUrl_NotHttp_IsDropped()
    {
        Assert.Null(new EmbedBuilder().WithUrl("javascript:alert(1)").Build().Url);
    }
}
