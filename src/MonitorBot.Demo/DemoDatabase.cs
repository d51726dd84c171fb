using System.Buffers.Binary;
using System.Globalization;
using Dapper;
using MonitorBot.Storage;

namespace MonitorBot.Demo;

/// <summary>
/// How a demo database is told apart: the SQLite header's application_id holds <see cref="ApplicationId"/>.
/// <c>demo</c> writes only a new file or a file an earlier demo marked; anything else is refused.
/// </summary>
public static class DemoDatabase
{
    /// <summary>"MBDM" (MonitorBot demo) as a big-endian 32-bit integer.</summary>
    public const int ApplicationId = 0x4D42444D;

    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;

    /// <summary>Why <paramref name="path"/> must not be replaced by a demo, or null when it may (missing, or a marked demo database).</summary>
    public static string? Refusal(string path)
    {
        if (Directory.Exists(path)) return $"{path} is a directory; pass a new file name with --db.";
        if (!File.Exists(path)) return null;
        var header = new byte[100];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"refusing to replace {path}: it cannot be read ({ex.Message}).";
        }
        if (read < header.Length || !header.AsSpan(0, 16).SequenceEqual(SqliteMagic))
            return $"refusing to overwrite {path}: it is not a database an earlier demo created; pass a new file with --db.";
        if (IsMarked(header)) return null;
        return $"refusing to overwrite {path}: it is a database the demo did not create (it may hold real data); pass a new file with --db.";
    }

    /// <summary>True when the file at <paramref name="path"/> is a marked demo database.</summary>
    public static bool IsDemo(string path) => File.Exists(path) && Refusal(path) is null;

    private static bool IsMarked(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadInt32BigEndian(header.Slice(68, 4)) == ApplicationId;

    /// <summary>Marks the (new) database as a demo database.</summary>
    public static async Task MarkAsync(SqliteConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {ApplicationId};"), cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The replay's notifications are history, not news: they are retired (abandoned with reason "demo replay")
    /// so a worker later started on this database never delivers them.
    /// </summary>
    public static async Task<int> RetireOutboxAsync(SqliteConnectionFactory connections, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET abandoned_at = @At, last_error = 'demo replay' WHERE delivered_at IS NULL AND abandoned_at IS NULL;",
            new { At = at.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }
}
