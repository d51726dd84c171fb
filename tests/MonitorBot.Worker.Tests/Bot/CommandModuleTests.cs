using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Tests.Fake;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Bot;
using MonitorBot.Worker.Bot.Commands;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Tests.Support;
using static MonitorBot.Worker.Tests.Bot.BotEndToEndTests;

namespace MonitorBot.Worker.Tests.Bot;

/// <summary>Slash commands as modules: the catalogue comes from the registered modules, the gate from their definitions.</summary>
public sealed class CommandModuleTests
{
    private const string Refusal = "⛔ This is an admin command: it needs the **Manage Server** permission (or Administrator), or a role or user listed in Discord:AdminRoleIds / Discord:AdminUserIds. Nothing was changed.";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static int _ids;

    private static string NextId() => "3100000000000" + Interlocked.Increment(ref _ids).ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    private static string GoldenPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "registered-commands.json");

    /// <summary>The feed kinds offered by /feed add follow the registered parsers; the rest must not move.</summary>
    private static JsonNode WithoutKindChoices(JsonNode commands)
    {
        var add = commands.AsArray().Single(c => c!["name"]!.GetValue<string>() == "feed")!["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "add")!;
        add["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "kind")!.AsObject().Remove("choices");
        return commands;
    }

    [Fact]
    public void Commands_RegisteredModules_SameJsonAsTheHandWrittenCatalogue()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        using var host = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = false, Quiet = true }).Build();

        var commands = host.Services.GetRequiredService<BotCommandCatalog>().Commands;

        var actual = JsonNode.Parse(JsonSerializer.Serialize(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand))!;
        var kinds = commands.Single(c => c.Name == "feed").Options!.Single(o => o.Name == "add").Options!.Single(o => o.Name == "kind").Choices!;
        Assert.Equal(host.Services.GetRequiredService<MonitorBot.Feeds.FeedParserRegistry>().Infos.Select(i => i.Kind), kinds.Select(c => c.Value.GetString()));
        Assert.True(JsonNode.DeepEquals(WithoutKindChoices(JsonNode.Parse(File.ReadAllText(GoldenPath()))!), WithoutKindChoices(actual)), actual.ToJsonString());
    }

    /// <summary>Subcommands: one letter each, a = admin-only, p = public, i = as the command; "" = no subcommands.</summary>
    [Theory]
    [InlineData(false, "", null)]
    [InlineData(true, "", AdminGate.DefaultMemberPermissions)]
    [InlineData(true, "ii", AdminGate.DefaultMemberPermissions)]
    [InlineData(false, "aa", AdminGate.DefaultMemberPermissions)]
    [InlineData(true, "pi", null)]
    [InlineData(false, "ai", null)]
    public void ToApplicationCommand_AdminOnlyFlags_HiddenFromMembersOnlyWhenEveryPathIsAdmin(bool adminOnly, string subcommands, string? expected)
    {
        var definition = new CommandDefinition("x", "x")
        {
            AdminOnly = adminOnly,
            Subcommands = [.. subcommands.Select((c, i) => new SubcommandDefinition($"s{i}", "s") { AdminOnly = c switch { 'a' => true, 'p' => false, _ => null } })],
        };

        Assert.Equal(expected, definition.ToApplicationCommand().DefaultMemberPermissions);
    }

    private static async Task<IHost> StartWithTestModulesAsync(FakeDiscordServer fake, TempDirectory dir)
    {
        WriteConfig(dir, fake);
        var builder = MonitorBotHost.CreateBuilder(new HostSettings { ConfigDirectory = dir.Path, Worker = true, Quiet = true });
        // Adding a command: the module's file and this one line.
        builder.Services.AddCommand<EchoCommand>();
        builder.Services.AddCommand<AdminEchoCommand>();
        builder.Services.AddCommand<MixedCommand>();
        var host = builder.Build();
        await host.StartAsync();
        await fake.WaitForConnectionAsync(1, Wait);
        await FakeDiscordServer.WaitUntilAsync(() => fake.Current?.ReceivedOp(2).Count > 0, Wait);
        return host;
    }

    [Fact]
    public async Task AddCommand_TestModules_InTheRegisteredCatalogue()
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        using var dir = new TempDirectory();
        using var host = await StartWithTestModulesAsync(fake, dir);
        try
        {
            var put = await fake.WaitForRequestAsync(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal), Wait);
            var commands = JsonNode.Parse(put.Json)!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
            Assert.Equal(13, commands.Count);
            Assert.Null(commands["echo"]["default_member_permissions"]);
            Assert.Equal("32", commands["echo-admin"]["default_member_permissions"]!.GetValue<string>());
            Assert.Null(commands["mixed"]["default_member_permissions"]);
            Assert.Equal(["show", "set"], commands["mixed"]["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("echo", "[]", "0", "echo: ok")]
    [InlineData("echo-admin", "[]", "0", Refusal)]
    [InlineData("echo-admin", "[]", "32", "echo-admin: ok")]
    [InlineData("echo-admin", "[]", "8", "echo-admin: ok")]
    [InlineData("mixed", """[{"name":"show","type":1,"options":[]}]""", "0", "mixed show: ok")]
    [InlineData("mixed", """[{"name":"set","type":1,"options":[]}]""", "0", Refusal)]
    [InlineData("mixed", """[{"name":"set","type":1,"options":[]}]""", "32", "mixed set: ok")]
    public async Task Dispatch_TestModule_AnsweredOrRefusedFromItsDefinition(string command, string options, string permissions, string expected)
    {
        await using var fake = await FakeDiscordServer.StartAsync();
        using var dir = new TempDirectory();
        using var host = await StartWithTestModulesAsync(fake, dir);
        try
        {
            var reply = await AskAsync(fake, command, options, NextId(), permissions: permissions);

            Assert.Equal(4, reply.GetProperty("type").GetInt32());
            Assert.Equal(expected, reply.GetProperty("data").GetProperty("content").GetString());
            Assert.Equal(expected == Refusal, (reply.GetProperty("data").TryGetProperty("flags", out var flags) ? flags.GetInt32() : 0) == 64);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class EchoCommand : ICommandModule
    {
        public CommandDefinition Definition { get; } = new("echo", "Says ok.");

        public Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(InteractionResponse.Reply($"{context.CommandPath}: ok"));
    }

    private sealed class AdminEchoCommand : ICommandModule
    {
        public CommandDefinition Definition { get; } = new("echo-admin", "Says ok to admins.") { AdminOnly = true };

        public Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(InteractionResponse.Reply($"{context.CommandPath}: ok"));
    }

    private sealed class MixedCommand : ICommandModule
    {
        public CommandDefinition Definition { get; } = new("mixed", "A public and an admin subcommand.")
        {
            Subcommands = [new("show", "Anyone."), new("set", "Admins.") { AdminOnly = true }],
        };

        public Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(InteractionResponse.Reply($"{context.CommandPath}: ok"));
    }
}
