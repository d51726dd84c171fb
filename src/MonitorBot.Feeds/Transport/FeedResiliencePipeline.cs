using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace MonitorBot.Feeds.Transport;

/// <summary>
/// The feeds pipeline (<see cref="FeedResilience.Configure"/>), built on the first fetch from the current
/// <see cref="FeedsOptions"/> and again after they change. Built on use, not at start: an idle worker, or a CLI verb
/// that fetches nothing, never loads Polly.
/// </summary>
public sealed class FeedResiliencePipeline(IOptionsMonitor<FeedsOptions> options, HostThrottle throttle, TimeProvider time, ILoggerFactory loggers)
{
    private readonly object _gate = new();
    private ResiliencePipeline<HttpResponseMessage>? _pipeline;
    private FeedsOptions? _builtFrom;

    public ResiliencePipeline<HttpResponseMessage> Current
    {
        get
        {
            var current = options.CurrentValue;
            lock (_gate)
            {
                if (_pipeline is null || !ReferenceEquals(_builtFrom, current))
                {
                    var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
                    FeedResilience.Configure(builder, current, throttle, time, loggers.CreateLogger<FeedFetcher>());
                    _pipeline = builder.Build();
                    _builtFrom = current;
                }
                return _pipeline;
            }
        }
    }

    /// <summary>The message handler that runs every request of a feeds client through <see cref="Current"/>.</summary>
    public DelegatingHandler CreateHandler() => new ResilienceHandler(_ => Current);
}
