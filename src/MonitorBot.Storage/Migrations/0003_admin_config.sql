-- 0003: admin configuration. Times are INTEGER unix milliseconds (UTC). Run inside a transaction by MigrationRunner.

-- settings holds admin overrides as configuration paths ("Detection:PriceRules:0:PctVsBaselineWarning"), and
-- configuration keys are case-insensitive: rebuild the table with key COLLATE NOCASE so "detection:x" and
-- "Detection:X" are one row. Of keys that differed only in case, the most recently updated one is kept.
CREATE TABLE settings_new (
    key        TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
) STRICT;

INSERT INTO settings_new (key, value, updated_at, updated_by)
SELECT key, value, updated_at, updated_by FROM settings WHERE true ORDER BY updated_at, rowid
ON CONFLICT (key) DO UPDATE SET
    key = excluded.key, value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by;

DROP TABLE settings;
ALTER TABLE settings_new RENAME TO settings;

-- Every configuration change: who, when, from where, old and new value (new_value NULL = removed).
CREATE TABLE config_audit (
    id        INTEGER NOT NULL PRIMARY KEY,
    at        INTEGER NOT NULL,
    who       TEXT    NOT NULL,
    origin    TEXT    NOT NULL CHECK (origin IN ('discord', 'file', 'cli', 'import')),
    key       TEXT    NOT NULL COLLATE NOCASE,
    old_value TEXT,
    new_value TEXT,
    note      TEXT
) STRICT;

-- History newest first, all keys or one key / key prefix.
CREATE INDEX ix_config_audit_at ON config_audit (at DESC, id DESC);
CREATE INDEX ix_config_audit_key_at ON config_audit (key, at DESC, id DESC);

-- Sources added or removed from Discord are admin overrides too (Feeds:AdminSources:<id>:*, Feeds:RemovedSources:<id>),
-- so they need no table of their own.
