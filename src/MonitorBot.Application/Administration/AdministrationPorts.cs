using Microsoft.Extensions.Configuration;

namespace MonitorBot.Application.Administration;

/// <summary>Validates a whole candidate configuration as the file is validated at start: every section, every problem.</summary>
public interface IConfigurationValidator
{
    IReadOnlyList<string> Validate(IConfiguration candidate);
}

/// <summary>The admin layer of the live configuration: re-read after a change so options monitors see it now.</summary>
public interface IAdminLayer
{
    void Reload();
}
