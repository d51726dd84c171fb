using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// The whole configuration's problems, computed once per configuration version: every options monitor and the file
/// watcher ask after the same reload, and the configuration's reload token changes exactly when it does.
/// </summary>
public sealed class ConfigurationValidity(IConfiguration configuration, ConfigurationCheck check)
{
    private readonly object _gate = new();
    private IChangeToken? _version;
    private IReadOnlyList<string> _problems = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_gate)
            {
                var version = configuration.GetReloadToken();
                if (!ReferenceEquals(version, _version))
                {
                    _problems = check.Validate(configuration);
                    _version = version;
                }
                return _problems;
            }
        }
    }
}
