using System.Text.Json;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Tests.Fake;

namespace MonitorBot.Discord.Tests.Interactions;

public sealed class InteractionContextTests
{
    private const string ResolvedFile = """
        {"attachments":{"900000000000000042":{"id":"900000000000000042","filename":"feeds.json","size":123,
         "url":"https://cdn.example.test/attachments/1/900000000000000042/feeds.json?ex=1&hm=sig",
         "proxy_url":"https://media.example.test/attachments/1/900000000000000042/feeds.json","content_type":"application/json; charset=utf-8",
         "description":"feed list"}}}
        """;

    private static InteractionContext Context(string options, string permissions = "0", string? resolved = null) =>
        new(JsonSerializer.Deserialize(FakeDiscordServer.InteractionJson("cmd", options, permissions: permissions, resolvedJson: resolved), DiscordJsonContext.Default.Interaction)!);

    [Fact]
    public void GetAttachment_ResolvedOption_ReturnsAttachmentFromResolvedData()
    {
        var ctx = Context("""[{"name":"file","type":11,"value":"900000000000000042"}]""", resolved: ResolvedFile);

        var attachment = ctx.GetAttachment("file");

        Assert.NotNull(attachment);
        Assert.Equal("900000000000000042", attachment.Id);
        Assert.Equal("feeds.json", attachment.Filename);
        Assert.Equal(123, attachment.Size);
        Assert.Equal("https://cdn.example.test/attachments/1/900000000000000042/feeds.json?ex=1&hm=sig", attachment.Url);
        Assert.Equal("https://media.example.test/attachments/1/900000000000000042/feeds.json", attachment.ProxyUrl);
        Assert.Equal("application/json; charset=utf-8", attachment.ContentType);
        Assert.Equal("feed list", attachment.Description);
        Assert.Same(attachment, ctx.RequireAttachment("file"));
        Assert.DoesNotContain("hm=sig", attachment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GetAttachment_OptionAbsent_ReturnsNullAndRequireThrows()
    {
        var ctx = Context("[]", resolved: ResolvedFile);

        Assert.Null(ctx.GetAttachment("file"));
        Assert.Equal("Option 'file' is required.", Assert.Throws<InteractionOptionException>(() => ctx.RequireAttachment("file")).Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"users":{}}""")]
    [InlineData("""{"attachments":{"900000000000000099":{"id":"900000000000000099","filename":"other.json","size":1,"url":"https://x.test/a"}}}""")]
    public void GetAttachment_IdNotInResolvedData_ThrowsClearOptionError(string? resolved)
    {
        var ctx = Context("""[{"name":"file","type":11,"value":"900000000000000042"}]""", resolved: resolved);

        var ex = Assert.Throws<InteractionOptionException>(() => ctx.GetAttachment("file"));

        Assert.Contains("'file'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("900000000000000042", ex.Message, StringComparison.Ordinal);
        Assert.Contains("upload it again", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"name":"file","type":3,"value":"900000000000000042"}]""", "wrong type")]
    [InlineData("""[{"name":"file","type":11,"value":"not-an-id"}]""", "not a valid attachment id")]
    public void GetAttachment_NotAnAttachmentOption_Throws(string options, string expected)
    {
        var ctx = Context(options, resolved: ResolvedFile);

        Assert.Contains(expected, Assert.Throws<InteractionOptionException>(() => ctx.GetAttachment("file")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_TypedGetters_ReadEachType()
    {
        var ctx = Context("""
            [{"name":"s","type":3,"value":"text"},{"name":"i","type":4,"value":30},{"name":"b","type":5,"value":true},
             {"name":"n","type":10,"value":1.5},{"name":"c","type":7,"value":"600000000000000009"},{"name":"r","type":8,"value":"700000000000000009"}]
            """);

        Assert.Equal("text", ctx.GetString("s"));
        Assert.Equal(30, ctx.GetInteger("i"));
        Assert.True(ctx.GetBoolean("b"));
        Assert.Equal(1.5, ctx.GetNumber("n"));
        Assert.Equal("600000000000000009", ctx.GetChannelId("c"));
        Assert.Equal("700000000000000009", ctx.GetRoleId("r"));
        Assert.Null(ctx.GetString("missing"));
        Assert.Null(ctx.GetInteger("missing"));
    }

    [Fact]
    public void Options_WrongType_ThrowsClearOptionError()
    {
        var ctx = Context("""[{"name":"days","type":3,"value":"abc"},{"name":"flag","type":3,"value":"yes"}]""");

        Assert.Contains("'days'", Assert.Throws<InteractionOptionException>(() => ctx.GetInteger("days")).Message, StringComparison.Ordinal);
        Assert.Contains("'flag'", Assert.Throws<InteractionOptionException>(() => ctx.GetBoolean("flag")).Message, StringComparison.Ordinal);
        Assert.Equal("Option 'x' is required.", Assert.Throws<InteractionOptionException>(() => ctx.RequireInteger("x")).Message);
    }

    [Fact]
    public void SubcommandGroup_IsUnwrapped()
    {
        var ctx = Context("""[{"name":"alerts","type":2,"options":[{"name":"mute","type":1,"options":[{"name":"id","type":4,"value":7}]}]}]""");

        Assert.Equal("alerts", ctx.SubcommandGroup);
        Assert.Equal("mute", ctx.Subcommand);
        Assert.Equal("cmd alerts mute", ctx.CommandPath);
        Assert.Equal(7, ctx.GetInteger("id"));
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("32", true)]
    [InlineData("8", true)]
    [InlineData("2147483648", false)]
    [InlineData("1099511627808", true)]
    [InlineData("garbage", false)]
    public void HasPermission_ManageGuild_FromBitfieldString(string permissions, bool expected)
    {
        var ctx = Context("[]", permissions);

        Assert.Equal(expected, ctx.HasPermission(DiscordPermissions.ManageGuild));
    }

    [Fact]
    public void Member_IdsAndRoles_AreExposed()
    {
        var ctx = Context("[]");

        Assert.Equal("400000000000000001", ctx.UserId);
        Assert.Equal(["700000000000000001"], ctx.RoleIds);
        Assert.Equal("500000000000000001", ctx.GuildId);
        Assert.Equal("600000000000000001", ctx.ChannelId);
    }
}
