-- 0005: durable evaluation. Times are INTEGER unix milliseconds (UTC). Run inside a transaction by MigrationRunner.

-- Every write the alert engine must evaluate, appended by the writer (IngestRepository: prices, trade, news) in the
-- same transaction as the write. The engine
-- consumes it in seq order and saves its position (evaluation_cursor) in the same transaction as the alert
-- decisions it made, so a crash between a save and its evaluation is caught up at the next start and two
-- processes never evaluate one write twice. Pruning always keeps the newest row, so a seq is never reused.
CREATE TABLE ingest_log (
    seq       INTEGER NOT NULL PRIMARY KEY,
    at        INTEGER NOT NULL,
    source_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('series', 'news')),
    series_id TEXT,            -- kind 'series': the price series or the trade series whose history changed
    items     INTEGER NOT NULL DEFAULT 0 -- rows written ('news': relevant, non-baseline items inserted)
) STRICT;

CREATE TABLE evaluation_cursor (
    name       TEXT    NOT NULL PRIMARY KEY,
    seq        INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- A firing alert can now move down (critical -> warning): outbox.kind gains 'deescalated'. SQLite cannot alter a
-- CHECK constraint, so the table is rebuilt (nothing references it; ids are kept).
CREATE TABLE outbox_new (
    id              INTEGER NOT NULL PRIMARY KEY,
    alert_id        INTEGER NOT NULL REFERENCES alerts (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('fired', 'escalated', 'deescalated', 'reminder', 'resolved')),
    destination     TEXT    NOT NULL CHECK (destination <> ''),
    mention_role_id TEXT,
    topic           TEXT    NOT NULL,
    severity        TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    title           TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    external_id     TEXT,
    last_error      TEXT,
    abandoned_at    INTEGER
) STRICT;

INSERT INTO outbox_new (id, alert_id, kind, destination, mention_role_id, topic, severity, title, reason, source,
                        created_at, attempts, next_attempt_at, delivered_at, external_id, last_error, abandoned_at)
SELECT id, alert_id, kind, destination, mention_role_id, topic, severity, title, reason, source,
       created_at, attempts, next_attempt_at, delivered_at, external_id, last_error, abandoned_at
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX ix_outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX ix_outbox_alert_destination ON outbox (alert_id, destination, delivered_at);

-- Alerts now follow the data (severity moves down as well as up): the episode's highest severity is kept beside it.
ALTER TABLE alerts ADD COLUMN peak_severity TEXT CHECK (peak_severity IN ('info', 'warning', 'critical'));
