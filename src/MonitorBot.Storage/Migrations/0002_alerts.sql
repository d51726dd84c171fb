-- 0002: alert lifecycle state, decision log, notification outbox, channel subscriptions.
-- Times are INTEGER unix milliseconds (UTC). Run inside a transaction by MigrationRunner.

-- One row per fingerprint, kept across episodes; id is the short number admins type (/alerts ack 12) and never
-- changes (AlertRepository upserts with ON CONFLICT DO UPDATE, never REPLACE).
CREATE TABLE alerts (
    id                INTEGER NOT NULL PRIMARY KEY,
    fingerprint       TEXT    NOT NULL UNIQUE,
    rule              TEXT    NOT NULL,
    topic             TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'firing', 'resolved')),
    severity          TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    title             TEXT    NOT NULL,
    reason            TEXT    NOT NULL,
    source            TEXT    NOT NULL,
    first_seen        INTEGER NOT NULL,
    pending_since     INTEGER,
    fired_at          INTEGER,
    last_notified_at  INTEGER,
    resolved_at       INTEGER,
    acked_by          TEXT,
    acked_at          INTEGER,
    muted_until       INTEGER,
    muted_by          TEXT,
    mute_reason       TEXT,
    occurrences       INTEGER NOT NULL DEFAULT 0,
    consecutive_holds INTEGER NOT NULL DEFAULT 0,
    updated_at        INTEGER NOT NULL -- the time of the decision that last wrote the row
) STRICT;

-- Active list (status IN ('pending', 'firing')) and filtered lists, newest first.
CREATE INDEX ix_alerts_status ON alerts (status, updated_at);
-- Unfiltered list, newest first.
CREATE INDEX ix_alerts_updated ON alerts (updated_at);

-- "Why did / didn't it alert": no foreign key, a decision may concern a fingerprint that has no stored state.
-- Bounded per fingerprint by AlertRepository (the newest 200 are kept).
CREATE TABLE alert_decisions (
    id          INTEGER NOT NULL PRIMARY KEY,
    fingerprint TEXT    NOT NULL,
    code        TEXT    NOT NULL, -- ReasonCode in snake_case (Decision.CodeName)
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_alert_decisions_fingerprint_at ON alert_decisions (fingerprint, at DESC, id DESC);

CREATE TABLE outbox (
    id              INTEGER NOT NULL PRIMARY KEY,
    alert_id        INTEGER NOT NULL REFERENCES alerts (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('fired', 'escalated', 'reminder', 'resolved')),
    destination     TEXT    NOT NULL CHECK (destination <> ''), -- "console" or "discord:<channel id>"
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
    external_id     TEXT,   -- the delivered message's id (Discord message id), for a later edit
    last_error      TEXT
) STRICT;

-- Due undelivered messages (and the pending count).
CREATE INDEX ix_outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
-- The message to edit on resolve; also keeps the foreign key check on alerts cheap.
CREATE INDEX ix_outbox_alert_destination ON outbox (alert_id, destination, delivered_at);

CREATE TABLE subscriptions (
    channel_id       TEXT    NOT NULL PRIMARY KEY,
    topics           TEXT    NOT NULL, -- comma-joined AlertTopics
    min_severity     TEXT    NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
    mention_info     TEXT,
    mention_warning  TEXT,
    mention_critical TEXT,
    created_by       TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
) STRICT;

-- News listing including wire-story duplicates (INewsReader.GetRecentAsync): ix_news_recent covers only
-- non-duplicates.
CREATE INDEX ix_news_effective_time ON news_items (effective_time);
