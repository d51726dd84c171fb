namespace MonitorBot.Storage.Tests;

public sealed class StorageOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new StorageOptions();

        Assert.Equal("data/monitorbot.db", options.Path);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
        Assert.Empty(StorageOptions.Validate(options));
    }

    [Theory]
    [InlineData("", 5, "empty")]
    [InlineData("   ", 5, "empty")]
    [InlineData("data/", 5, "directory")]
    [InlineData("a\0b.db", 5, "invalid")]
    [InlineData("x.db", -1, "negative")]
    [InlineData("x.db", 3600, "at most")]
    public void Validate_BadValues_ReportsProblem(string path, int busySeconds, string expected)
    {
        var problems = StorageOptions.Validate(new StorageOptions { Path = path, BusyTimeout = TimeSpan.FromSeconds(busySeconds) }).ToList();

        var problem = Assert.Single(problems);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
