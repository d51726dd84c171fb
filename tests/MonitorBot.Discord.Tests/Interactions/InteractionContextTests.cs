using System.Text.Json;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Tests.Fake;

namespace MonitorBot.Discord.Tests.Interactions;

public sealed class InteractionContextTests
{
    private static InteractionContext Context(string options, string permissions = "0") =>
        new(JsonSerializer.Deserialize(FakeDiscordServer.InteractionJson("cmd", options, permissions: permissions), DiscordJsonContext.Default.Interaction)!);

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
