using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MonitorBot.Resilience.Tests.Support;

/// <summary>
/// A price feed on Kestrel 127.0.0.1: a <c>timestamp,value</c> CSV whose history grows one print at a time
/// (<see cref="Advance"/>). The prints are 91 days apart, so for the shipped <c>price-oxide</c> rule (BaselineDays 90)
/// the baseline of a print is the print before it, and the z-score never warms up (fewer than 8 prints in the 400-day
/// read window): a print alerts exactly when it moves at least 15% (PctVsPreviousCritical) from the previous one.
/// The history is flat at 100 for three prints, then cycles +25% (an anomaly), flat (it resolves), -20% (an
/// anomaly), flat (it resolves): the values stay bounded however long it runs.
/// </summary>
public sealed class PriceFeed : IAsyncDisposable
{
    public const string Series = "tb-oxide";
    public const int InitialPrints = 3;
    public const int MaxPrints = 300;
    private static readonly TimeSpan Spacing = TimeSpan.FromDays(91);
    private readonly WebApplication _app;
    private readonly DateTimeOffset _origin;
    private int _served = InitialPrints;
    private int _requests;

    private PriceFeed(WebApplication app, DateTimeOffset origin)
    {
        _app = app;
        _origin = origin;
    }

    public string Url { get; private set; } = "";

    /// <summary>Prints currently served.</summary>
    public int Served => Volatile.Read(ref _served);

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<PriceFeed> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        var feed = new PriceFeed(app, new DateTimeOffset(today, TimeSpan.Zero) - Spacing * (MaxPrints + 1));
        app.MapGet("/prices.csv", (HttpContext _) =>
        {
            Interlocked.Increment(ref feed._requests);
            return Results.Text(feed.Csv(), "text/csv", Encoding.UTF8);
        });
        await app.StartAsync(cancellationToken);
        feed.Url = app.Urls.First().TrimEnd('/') + "/prices.csv";
        return feed;
    }

    public static double Value(int index) => index < InitialPrints ? 100 : ((index - InitialPrints) % 4) switch
    {
        0 => 125,
        1 => 125,
        2 => 100,
        _ => 100,
    };

    /// <summary>True when print <paramref name="index"/> moves at least 15% from the one before it.</summary>
    public static bool IsAnomaly(double previous, double value) => Math.Abs(value / previous - 1) >= 0.15 - 1e-9;

    public DateTimeOffset Time(int index) => _origin + Spacing * index;

    public long TimeMs(int index) => Time(index).ToUnixTimeMilliseconds();

    /// <summary>Serves one more print; false when the history is complete.</summary>
    public bool Advance()
    {
        if (Served >= MaxPrints) return false;
        Interlocked.Increment(ref _served);
        return true;
    }

    public string Csv()
    {
        var n = Served;
        var sb = new StringBuilder("timestamp,value\n");
        for (var i = 0; i < n; i++)
        {
            sb.Append(Time(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
              .Append(Value(i).ToString("0.##", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
