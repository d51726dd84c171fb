using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MonitorBot.Worker.Hosting;

/// <summary>
/// The single-instance lock of the SQLite deployment: an exclusive OS lock on <c>&lt;db&gt;.lock</c> held for the
/// worker's lifetime (the kernel releases it when the process dies, even on kill -9), plus a small info record
/// <c>&lt;db&gt;.lock.info</c> (pid, host, since) so a refused second worker can name the holder.
/// </summary>
public sealed partial class WorkerLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _infoPath;

    private WorkerLock(FileStream stream, string infoPath)
    {
        _stream = stream;
        _infoPath = infoPath;
    }

    /// <summary>The lock is held by another process: flock's EWOULDBLOCK (errno 11 on Linux) or Windows' ERROR_SHARING_VIOLATION.</summary>
    private static bool HeldElsewhere(IOException ex) => ex.HResult is 11 or unchecked((int)0x80070020);

    public static string LockPath(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <summary>Takes the lock, or returns null and a one-line refusal naming the holder.</summary>
    public static WorkerLock? TryAcquire(string databasePath, DateTimeOffset now, out string? refusal)
    {
        var lockPath = LockPath(databasePath);
        var infoPath = lockPath + ".info";
        var directory = Path.GetDirectoryName(lockPath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        FileStream stream;
        try
        {
            // FileShare.None: an exclusive advisory lock (flock on Unix, a share lock on Windows).
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException io && !HeldElsewhere(io)))
        {
            // Not held by anyone: the folder cannot be written (a read-only volume, permissions).
            refusal = $"cannot take the worker lock {lockPath}: {ex.Message} (is the database's folder writable?)";
            return null;
        }
        catch (IOException)
        {
            string holder;
            try
            {
                holder = File.ReadAllText(infoPath).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                holder = "unknown process";
            }
            refusal = $"another worker already runs on {Path.GetFullPath(databasePath)} ({holder}); stop it first, or set Storage:AllowMultipleWorkers for replicas.";
            return null;
        }

        var info = string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId} on {Environment.MachineName}, since {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        File.WriteAllText(infoPath, info);
        refusal = null;
        return new WorkerLock(stream, infoPath);
    }

    public void Dispose()
    {
        try { File.Delete(_infoPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        _stream.Dispose();
    }

    [LoggerMessage(EventId = 180, Level = LogLevel.Information, Message = "Worker holds the single-instance lock {LockPath}")]
    public static partial void LogLocked(ILogger logger, string lockPath);

    [LoggerMessage(EventId = 181, Level = LogLevel.Information, Message = "MonitorBot stopped after {Uptime:c} (uptime)")]
    public static partial void LogStopped(ILogger logger, TimeSpan uptime);
}
