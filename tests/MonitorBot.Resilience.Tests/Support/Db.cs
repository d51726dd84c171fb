using Microsoft.Data.Sqlite;

namespace MonitorBot.Resilience.Tests.Support;

/// <summary>What the tests read from the worker's SQLite file, read-only (never pooled: nothing holds the file afterwards).</summary>
public sealed record Progress(long NewestPrintMs, long Prints, long Head, long Cursor, long Outbox, long Undelivered);

public static class Db
{
    public static SqliteConnection Open(string path, bool readOnly = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString());
        connection.Open();
        using var busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 2000;";
        busy.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The progress figures, or null while the database is not there yet (or not migrated, or locked).</summary>
    public static Progress? TryProgress(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var c = Open(path);
            return new Progress(
                Scalar(c, $"SELECT coalesce(max(time), 0) FROM price_observations WHERE series_id = '{PriceFeed.Series}'"),
                Scalar(c, $"SELECT count(*) FROM price_observations WHERE series_id = '{PriceFeed.Series}'"),
                Scalar(c, "SELECT coalesce(max(seq), 0) FROM ingest_log"),
                Scalar(c, "SELECT coalesce(max(seq), 0) FROM evaluation_cursor"),
                Scalar(c, "SELECT count(*) FROM outbox"),
                Scalar(c, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL"));
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(map(reader));
        return list;
    }
}
