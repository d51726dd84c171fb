using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Discord.Tests;

public sealed class DiscordOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoProblems()
    {
        Assert.Empty(DiscordOptions.Validate(new DiscordOptions()));
    }

    [Theory]
    [InlineData("GuildId", "abc")]
    [InlineData("GuildId", "0")]
    [InlineData("GuildId", "1.5e17")]
    [InlineData("AlertChannelId", "99999999999999999999999")]
    [InlineData("ApplicationId", "-5")]
    [InlineData("ApiBaseUrl", "discord.com/api")]
    [InlineData("ApiBaseUrl", "ftp://discord.com/api")]
    public void Validate_BadValue_ReportsIt(string property, string value)
    {
        var options = new DiscordOptions();
        typeof(DiscordOptions).GetProperty(property)!.SetValue(options, value);

        var problems = DiscordOptions.Validate(options).ToList();

        Assert.Contains(problems, p => p.Contains(property, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GatewayConnectTimeout", "00:00:00")]
    [InlineData("GatewayConnectTimeout", "00:10:00")]
    [InlineData("GatewayHelloTimeout", "-00:00:01")]
    [InlineData("GatewayHelloTimeout", "1.00:00:00")]
    [InlineData("GatewayReadyTimeout", "00:00:00")]
    [InlineData("GatewayReadyTimeout", "00:02:00.001")]
    [InlineData("RestRequestTimeout", "01:00:00")]
    public void Validate_GatewayTimeoutOutOfBounds_ReportsIt(string property, string value)
    {
        var options = new DiscordOptions();
        typeof(DiscordOptions).GetProperty(property)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var problem = Assert.Single(DiscordOptions.Validate(options));

        Assert.Contains(property, problem, StringComparison.Ordinal);
        Assert.Contains("at most 2 minutes", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.001")]
    [InlineData("00:02:00")]
    public void Validate_GatewayTimeoutAtBounds_Accepted(string value)
    {
        var timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var options = new DiscordOptions { GatewayConnectTimeout = timeout, GatewayHelloTimeout = timeout, GatewayReadyTimeout = timeout };

        Assert.Empty(DiscordOptions.Validate(options));
    }

    [Fact]
    public void Validate_GatewayBuffersOutOfBounds_ReportsEveryProblemAtOnce()
    {
        var options = new DiscordOptions
        {
            GatewayMaxMessageBytes = DiscordOptions.MaxGatewayMessageBytes + 1,
            GatewayDispatchQueueCapacity = 5,
            GatewayConnectTimeout = TimeSpan.Zero,
        };

        var problems = DiscordOptions.Validate(options).ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("GatewayMaxMessageBytes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GatewayDispatchQueueCapacity", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GatewayConnectTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadAdminIds_ReportsIndex()
    {
        var options = new DiscordOptions { AdminRoleIds = ["123456789012345678", "x"], AdminUserIds = ["y"] };

        var problems = DiscordOptions.Validate(options).ToList();

        Assert.Contains(problems, p => p.Contains("AdminRoleIds:1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AdminUserIds:0", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_NeverShowsToken()
    {
        var options = new DiscordOptions { Token = "super-secret-token" };

        Assert.DoesNotContain("super-secret-token", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("(set)", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddMonitorBotDiscord_RegistersClientsAndNoHostedService()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:GuildId"] = "500000000000000001",
            ["Discord:AdminRoleIds:0"] = "700000000000000001",
        }).Build();
        var services = new ServiceCollection();

        services.AddMonitorBotDiscord(configuration);
        using var sp = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.NotNull(sp.GetRequiredService<DiscordRestClient>());
        Assert.Same(sp.GetRequiredService<DiscordGatewayClient>(), sp.GetRequiredService<DiscordGatewayClient>());
        Assert.Same(sp.GetRequiredService<InteractionDispatcher>(), sp.GetRequiredService<InteractionDispatcher>());
        Assert.Empty(sp.GetServices<IHostedService>());
        var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
        Assert.Equal("https://discord.com/api/v10", options.ApiBaseUrl);
        Assert.Equal(1, options.Intents);
        Assert.Equal(["700000000000000001"], options.AdminRoleIds);
    }

    [Fact]
    public void AddMonitorBotDiscord_InvalidOptions_FailValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:GuildId"] = "not-a-snowflake" }).Build();
        var services = new ServiceCollection();
        services.AddMonitorBotDiscord(configuration);
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DiscordOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("Discord:GuildId 'not-a-snowflake'", StringComparison.Ordinal));
    }
}
