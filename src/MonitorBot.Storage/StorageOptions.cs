namespace MonitorBot.Storage;

/// <summary>Where the SQLite database lives and how long a writer waits for a lock (config section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string DefaultPath = "data/monitorbot.db";

    /// <summary>Database file; a relative path is relative to the current directory. The folder is created if missing.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>How long a connection waits for another writer before failing with "database is locked".</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Open the database read-only: never create, never migrate (read-only CLI verbs set it).
    /// A missing database or an older schema is an error rather than a new empty file.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Several workers may share this database (replicas on a shared server database). False (the default):
    /// a worker holds an exclusive lock on <c>&lt;Path&gt;.lock</c> and a second one refuses to start.
    /// </summary>
    public bool AllowMultipleWorkers { get; set; }

    /// <summary>Problems with <paramref name="o"/>, for the host's options validator; empty when valid.</summary>
    /// <summary>Every problem of <see cref="Validate"/>, each prefixed with its key ("Storage:Path ...").</summary>
    public static IReadOnlyList<string> Problems(StorageOptions o) =>
        Validate(o).Select(p => p.StartsWith(SectionName, StringComparison.Ordinal) ? p : $"{SectionName}:{p}").ToList();

    public static IEnumerable<string> Validate(StorageOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (string.IsNullOrWhiteSpace(o.Path))
        {
            yield return "Storage:Path is empty.";
        }
        else if (o.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"Storage:Path '{o.Path}' contains invalid characters.";
        }
        else if (o.Path.EndsWith('/') || o.Path.EndsWith('\\') || Directory.Exists(o.Path))
        {
            yield return $"Storage:Path '{o.Path}' is a directory; give a database file name.";
        }

        if (o.BusyTimeout < TimeSpan.Zero)
        {
            yield return "Storage:BusyTimeout must not be negative.";
        }
        else if (o.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            yield return "Storage:BusyTimeout must be at most 10 minutes.";
        }
    }
}
