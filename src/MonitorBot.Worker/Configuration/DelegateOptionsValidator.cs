using Microsoft.Extensions.Options;

namespace MonitorBot.Worker.Configuration;

/// <summary>Adapts a "list every problem" function to <see cref="IValidateOptions{TOptions}"/>.</summary>
internal sealed class DelegateOptionsValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public static class OptionsProblems
{
    /// <summary>Every failure message inside an exception thrown by options validation, or null when it is not one.</summary>
    public static IReadOnlyList<string>? From(Exception exception)
    {
        var found = new List<string>();
        Collect(exception, found);
        return found.Count == 0 ? null : found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(Exception exception, List<string> found)
    {
        switch (exception)
        {
            case OptionsValidationException ove:
                found.AddRange(ove.Failures);
                break;
            case AggregateException agg:
                foreach (var inner in agg.InnerExceptions) Collect(inner, found);
                break;
            case InvalidConfigurationException ice:
                found.AddRange(ice.Problems);
                break;
            case InvalidOperationException ioe when ioe.Message.Contains("configuration value", StringComparison.OrdinalIgnoreCase):
                // The binder's own words name the key and the value: "Failed to convert configuration value 'x' at 'Feeds:MaxRetries' to type 'System.Int32'."
                found.Add(ioe.InnerException is FormatException format ? $"{ioe.Message} {format.Message}" : ioe.Message);
                break;
            default:
                if (exception.InnerException is not null) Collect(exception.InnerException, found);
                break;
        }
    }
}

/// <summary>Configuration that cannot be bound or used (e.g. a value of the wrong type).</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
