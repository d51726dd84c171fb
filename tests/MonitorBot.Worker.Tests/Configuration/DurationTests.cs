using MonitorBot.Tests.Shared;
using MonitorBot.Application.Administration;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Configuration;

public sealed class DurationTests
{
    [Theory]
    [InlineData("00:05:00", 300)]
    [InlineData("5m", 300)]
    [InlineData("30s", 30)]
    [InlineData("1d", 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData("250ms", 0.25)]
    public void TryParse_AcceptedForm_Parsed(string text, double seconds)
    {
        Assert.True(DurationConverter.TryParse(text, out var value, out var error), error);
        Assert.Equal(seconds, value.TotalSeconds);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5 minutes")]
    [InlineData("")]
    public void TryParse_BareNumberOrProse_RefusedWithTheAcceptedForms(string text)
    {
        Assert.False(DurationConverter.TryParse(text, out _, out var error));
        Assert.Contains("\"5m\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("feeds")]
    [InlineData("run")]
    public async Task Verb_BusyTimeoutBareNumber_ExitsTwoNamingKeyAndForms(string verb)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Storage"]!["BusyTimeout"] = 5);

        var run = await CliRunner.RunAsync(dir, null, verb);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Storage:BusyTimeout", run.Error, StringComparison.Ordinal);
        Assert.Contains("bare number", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoragePathUnderAFile_OneLineNamingThePath()
    {
        using var dir = new TempDirectory();
        var file = dir.File("README.md");
        await File.WriteAllTextAsync(file, "notes");
        TestConfig.Write(dir, [], root => root["Storage"]!["Path"] = Path.Combine(file, "db.db"));

        var run = await CliRunner.RunAsync(dir, null, "run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Path.Combine(file, "db.db"), run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal("notes", await File.ReadAllTextAsync(file));
    }
}

public sealed class JsonDurationTests
{
    [Fact]
    public async Task StatusJson_Ages_AreIso8601()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 25, 9, 0, 0, TimeSpan.Zero));
        await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "6550", "--at", "2025-03-24");

        var run = await CliRunner.RunAsync(dir, time, "status", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches("\"age\":\"P(\\d+D)?(T[0-9HMS]+)?\"", run.Out);
        Assert.DoesNotMatch("\"\\d+\\.\\d\\d:\\d\\d:\\d\\d", run.Out);
    }
}

public sealed class ConfigFileErrorTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("run")]
    public async Task Verb_JsonSyntaxError_ExitsTwoNamingFileLineAndColumn(string verb)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("monitorbot.json"), "{\n  \"Storage\": {\n    \"Path\": \"x.db\",,\n  }\n}");

        var run = await CliRunner.RunAsync(dir, null, verb);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(dir.File("monitorbot.json") + ": JSON syntax error at line 3, column", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EmptyConfigFile_SaysItIsEmpty()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("monitorbot.json"), "");

        var run = await CliRunner.RunAsync(dir, null, "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(dir.File("monitorbot.json") + " is empty", run.Error, StringComparison.Ordinal);
    }
}
