using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// An options monitor that keeps the last valid value: when the configuration is reloaded (a file edit, an
/// admin change) and the new value fails validation, the change is refused with a log line naming every problem,
/// and the previous configuration stays in force. Change listeners only ever see valid values.
/// </summary>
public sealed partial class LastGoodOptionsMonitor<T> : IOptionsMonitor<T>, IDisposable
    where T : class
{
    private readonly IOptionsFactory<T> _factory;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<Action<T, string?>> _listeners = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Func<IReadOnlyList<string>>? _wholeConfiguration;
    private T? _lastGood;

    /// <param name="factory">Builds the options (configure, post-configure, validate).</param>
    /// <param name="sources">When to rebuild (configuration reloads).</param>
    /// <param name="wholeConfiguration">Validates the whole configuration: an edit is taken or refused as a whole, never one section of it.</param>
    public LastGoodOptionsMonitor(IOptionsFactory<T> factory, IEnumerable<IOptionsChangeTokenSource<T>> sources, ILogger<LastGoodOptionsMonitor<T>> logger,
        Func<IReadOnlyList<string>>? wholeConfiguration = null)
    {
        _factory = factory;
        _wholeConfiguration = wholeConfiguration;
        _logger = logger;
        foreach (var source in sources)
        {
            // Unlike OptionsMonitor, a failing rebuild never throws into the configuration's reload callback.
            _subscriptions.Add(Microsoft.Extensions.Primitives.ChangeToken.OnChange(source.GetChangeToken, () => Refresh(source.Name)));
        }
    }

    public T CurrentValue
    {
        get
        {
            // Built on first use, not in the constructor: ValidateOnStart resolves every monitor before validating any, and
            // a constructor that threw would hide the other sections' problems. An invalid start value throws here.
            lock (_gate) { return _lastGood ??= Create(Options.DefaultName); }
        }
    }

    public T Get(string? name) => string.IsNullOrEmpty(name) ? CurrentValue : Create(name);

    /// <summary>A value of the wrong type ("many" for a number) is a validation failure like any other, so start-up reports it with the rest.</summary>
    private T Create(string name)
    {
        try
        {
            return _factory.Create(name);
        }
        catch (InvalidOperationException ex) when (OptionsProblems.From(ex) is { } problems)
        {
            throw new OptionsValidationException(name, typeof(T), problems);
        }
    }

    public IDisposable? OnChange(Action<T, string?> listener)
    {
        lock (_gate) { _listeners.Add(listener); }
        return new Unsubscriber(this, listener);
    }

    /// <summary>The problems of the last refused change, if the last change was refused.</summary>
    public IReadOnlyList<string>? LastRefusal { get; private set; }

    private void Refresh(string? name)
    {
        if (!string.IsNullOrEmpty(name)) return;
        if (_wholeConfiguration?.Invoke() is { Count: > 0 } whole)
        {
            // The whole configuration is refused: the file watcher (or the admin change) reports it once, with every problem;
            // each options monitor only notes that it keeps its previous value (one Error line per edit, not one per section).
            LastRefusal = whole;
            LogKeptPrevious(_logger, typeof(T).Name);
            return;
        }

        T value;
        try
        {
            value = _factory.Create(Options.DefaultName);
        }
        catch (Exception ex) when (OptionsProblems.From(ex) is { } problems)
        {
            LastRefusal = problems;
            LogRefused(_logger, typeof(T).Name, string.Join("; ", problems));
            return;
        }
        catch (Exception ex)
        {
            LastRefusal = [ex.Message];
            LogRefused(_logger, typeof(T).Name, ex.Message);
            return;
        }
        List<Action<T, string?>> listeners;
        lock (_gate)
        {
            _lastGood = value;
            LastRefusal = null;
            listeners = [.. _listeners];
        }
        foreach (var listener in listeners) listener(value, name);
    }

    public void Dispose()
    {
        foreach (var s in _subscriptions) s.Dispose();
    }

    [LoggerMessage(EventId = 151, Level = LogLevel.Debug, Message = "Configuration change refused as a whole: {Options} keeps its previous value")]
    private static partial void LogKeptPrevious(ILogger logger, string options);

    [LoggerMessage(EventId = 150, Level = LogLevel.Error, Message = "Configuration change refused for {Options}, the previous configuration stays in force: {Problems}")]
    private static partial void LogRefused(ILogger logger, string options, string problems);

    private sealed class Unsubscriber(LastGoodOptionsMonitor<T> owner, Action<T, string?> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate) { owner._listeners.Remove(listener); }
        }
    }
}
