using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MonitorBot.Feeds.Tests.Transport;

/// <summary>A real Kestrel server on 127.0.0.1 with fault-injecting endpoints.</summary>
public sealed class FeedTestServer : IAsyncLifetime
{
    public const string ETagValue = "\"v1\"";
    public const string LastModifiedValue = "Wed, 26 Mar 2025 10:00:00 GMT";
    public const string GzipText = "Date,Close\n2025-03-24,6550\n2025-03-25,6500\n";

    private readonly ConcurrentDictionary<string, int> _hits = new();
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public int Hits(string key) => _hits.TryGetValue(key, out var n) ? n : 0;

    public string Url(string path) => BaseUrl + path;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();

        _app.MapGet("/etag", async context =>
        {
            Hit("etag");
            if (context.Request.Headers.IfNoneMatch == ETagValue || context.Request.Headers.IfModifiedSince == LastModifiedValue)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.Headers.ETag = ETagValue;
            context.Response.Headers.LastModified = LastModifiedValue;
            context.Response.ContentType = "text/csv";
            await context.Response.WriteAsync("Date,Close\n2025-03-24,1\n", context.RequestAborted);
        });

        _app.MapGet("/flaky/{key}/{fails:int}/{status:int}", async (HttpContext context, string key, int fails, int status) =>
        {
            if (Hit(key) <= fails)
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsync("<html><body><h1>Temporarily broken</h1></body></html>", context.RequestAborted);
                return;
            }
            await context.Response.WriteAsync("ok", context.RequestAborted);
        });

        _app.MapGet("/count/{key}/{status:int}", async (HttpContext context, string key, int status) =>
        {
            Hit(key);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("no such feed", context.RequestAborted);
        });

        _app.MapGet("/slow", async context =>
        {
            Hit("slow");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await context.Response.WriteAsync("late", context.RequestAborted);
        });

        _app.MapGet("/big-length/{size:int}", async (HttpContext context, int size) =>
        {
            context.Response.ContentLength = size;
            await context.Response.Body.WriteAsync(new byte[size], context.RequestAborted);
        });

        _app.MapGet("/big-chunked/{size:int}", async (HttpContext context, int size) =>
        {
            var chunk = Encoding.ASCII.GetBytes(new string('x', 500));
            for (var written = 0; written < size; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });

        _app.MapGet("/gzip", async context =>
        {
            using var buffer = new MemoryStream();
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(Encoding.UTF8.GetBytes(GzipText), context.RequestAborted);
            }
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentType = "text/csv";
            await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
        });

        _app.MapGet("/retry-after/{key}", async (HttpContext context, string key) =>
        {
            if (Hit(key) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                // "capped" asks for a long wait, so a capped retry (milliseconds) is far from an honoured one (10 s).
                context.Response.Headers.RetryAfter = key == "capped" ? "10" : "1";
                await context.Response.WriteAsync("slow down", context.RequestAborted);
                return;
            }
            await context.Response.WriteAsync("ok", context.RequestAborted);
        });

        _app.MapGet("/echo", async context =>
        {
            Hit("echo");
            var text = $"{context.Request.Headers.UserAgent}|{context.Request.Headers.Accept}|{context.Request.Headers["X-Test"]}|{context.Request.QueryString}";
            await context.Response.WriteAsync(text, context.RequestAborted);
        });

        _app.MapGet("/fixture/{**path}", async (HttpContext context, string path) =>
        {
            Hit("fixture/" + path);
            var file = TestFeeds.FixturePath(path);
            if (!File.Exists(file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var etag = $"\"{new FileInfo(file).Length}\"";
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.Headers.ETag = etag;
            context.Response.ContentType = path.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
            await context.Response.SendFileAsync(file, context.RequestAborted);
        });

        _app.MapGet("/gdelt-api", async context =>
        {
            var q = context.Request.Query;
            var ok = q["query"] == "\"rare earth\" Kachin" && q["mode"] == "artlist" && q["format"] == "json" && q["timespan"] == "24h";
            context.Response.StatusCode = ok ? 200 : 400;
            if (ok) await context.Response.SendFileAsync(TestFeeds.FixturePath("Gdelt/artlist.json"), context.RequestAborted);
        });

        // Redirects: an endless chain (each hop counted), and targets the handler must not follow.
        _app.MapGet("/redirect-loop/{n:int}", (HttpContext context, int n) =>
        {
            Hit("redirect-loop");
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"/redirect-loop/{n + 1}";
        });

        // A chain /redirect-chain/{key}/redirect-loop/{n}: redirects to n+1 until n reaches 5, then 200 (hits counted per key).
        _app.MapGet("/redirect-chain/{key}/redirect-loop/{n:int}", async (HttpContext context, string key, int n) =>
        {
            Hit(key);
            if (n >= 5)
            {
                await context.Response.WriteAsync("end", context.RequestAborted);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"/redirect-chain/{key}/redirect-loop/{n + 1}";
        });

        _app.MapGet("/redirect-to", (HttpContext context, string target) =>
        {
            Hit("redirect-to");
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = target;
        });

        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private int Hit(string key) => _hits.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>The real registration (AddMonitorBotFeeds) with test settings on top of fast defaults.</summary>
    public static ServiceProvider BuildServices(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Feeds:UserAgent"] = "MonitorBot-Test/1.0",
            ["Feeds:Timeout"] = "00:00:05",
            ["Feeds:MaxRetries"] = "2",
            ["Feeds:RetryBaseDelay"] = "00:00:00.010",
            ["Feeds:MaxRetryDelay"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMonitorBotFeeds(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
