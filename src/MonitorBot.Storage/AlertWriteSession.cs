using Dapper;
using Microsoft.Data.Sqlite;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>
/// One IMMEDIATE transaction holding the database's write lock: every alert read and write of the session goes
/// through it, and the evaluation cursor moves in it. Disposed without <see cref="CommitAsync"/>, it rolls back.
/// </summary>
internal sealed class AlertWriteSession(SqliteConnection connection, SqliteTransaction transaction) : IAlertWriteSession
{
    private bool _done;

    public Task<AlertRecord?> GetAsync(string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return AlertRepository.GetAsync(connection, transaction, fingerprint, cancellationToken);
    }

    public async Task<AlertRecord?> GetByIdAsync(long id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertRow.Columns} FROM alerts a WHERE a.id = @id;", new { id }, transaction, cancellationToken: cancellationToken));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<AlertRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(AlertRepository.ActiveSql, transaction: transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<AlertRecord>> ListByRuleAsync(string rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertRow.Columns} FROM alerts a WHERE a.rule = @rule ORDER BY a.id;", new { rule }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToModel())];
    }

    public Task<AlertRecord?> ApplyAsync(AlertState? next, Decision decision, IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken) =>
        AlertRepository.ApplyAsync(connection, transaction, next, decision, outbox, cancellationToken);

    public Task<EvaluationBacklog> ReadBacklogAsync(CancellationToken cancellationToken) =>
        EvaluationLog.ReadBacklogAsync(connection, transaction, cancellationToken);

    public Task AdvanceCursorAsync(long seq, DateTimeOffset at, CancellationToken cancellationToken) =>
        EvaluationLog.AdvanceAsync(connection, transaction, seq, at, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        _done = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (SqliteException)
            {
                // The connection is going away either way; SQLite rolls back an unfinished transaction on close.
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
