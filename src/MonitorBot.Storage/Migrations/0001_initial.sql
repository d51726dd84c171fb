-- 0001: initial schema. Times are INTEGER unix milliseconds (UTC).
-- Run inside a transaction by MigrationRunner, which also sets PRAGMA user_version.

CREATE TABLE feeds (
    source_id            TEXT    NOT NULL PRIMARY KEY,
    kind                 TEXT    NOT NULL,
    status               TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'ok', 'degraded', 'disabled')),
    status_reason        TEXT,
    etag                 TEXT,
    last_modified        TEXT,
    last_attempt         INTEGER,
    last_success         INTEGER,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_run             INTEGER,
    baseline_done        INTEGER NOT NULL DEFAULT 0 CHECK (baseline_done IN (0, 1)),
    items_total          INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE price_observations (
    id         INTEGER NOT NULL PRIMARY KEY,
    series_id  TEXT    NOT NULL,
    time       INTEGER NOT NULL,
    value      REAL    NOT NULL,
    low        REAL,
    high       REAL,
    unit       TEXT    NOT NULL,
    currency   TEXT    NOT NULL,
    basis      TEXT,
    source     TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL
) STRICT;

-- Upsert key; also serves "latest print of a series at or before T" (reverse scan) and range scans on (series_id, time).
CREATE UNIQUE INDEX ux_price_series_time_source ON price_observations (series_id, time, source);

-- Prints per series, kept by IngestRepository in the same transaction as the inserts (counting a long series'
-- index entries on every status read would grow with its history).
CREATE TABLE price_series (
    series_id TEXT    NOT NULL PRIMARY KEY,
    prints    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE trade_flows (
    id            INTEGER NOT NULL PRIMARY KEY,
    reporter      INTEGER NOT NULL,
    partner       INTEGER NOT NULL,
    hs_code       TEXT    NOT NULL,
    period        TEXT    NOT NULL CHECK (length(period) IN (4, 6)),
    flow          TEXT    NOT NULL,
    net_weight_kg REAL,
    value_usd     REAL,
    source        TEXT    NOT NULL,
    fetched_at    INTEGER NOT NULL
) STRICT;

-- Unique per (reporter, partner, hs_code, period, flow); columns ordered for the monthly totals query.
CREATE UNIQUE INDEX ux_trade_key ON trade_flows (reporter, partner, flow, period, hs_code);

CREATE TABLE news_items (
    id             INTEGER NOT NULL PRIMARY KEY,
    source_id      TEXT    NOT NULL,
    guid           TEXT,
    url            TEXT    NOT NULL,
    canonical_url  TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    summary        TEXT,
    published      INTEGER,
    fetched_at     INTEGER NOT NULL,
    effective_time INTEGER NOT NULL, -- published ?? fetched_at
    relevance      REAL    NOT NULL,
    entities       TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    title_key      TEXT    NOT NULL,
    outlet         TEXT,
    is_baseline    INTEGER NOT NULL DEFAULT 0 CHECK (is_baseline IN (0, 1)),
    duplicate_of   INTEGER REFERENCES news_items (id)
) STRICT;

CREATE UNIQUE INDEX ux_news_source_guid ON news_items (source_id, guid) WHERE guid IS NOT NULL;
-- Wire-story dedupe: same title_key within +-3 days.
CREATE INDEX ix_news_title_key ON news_items (title_key, effective_time);
-- Status query: recent, non-duplicate, relevant.
CREATE INDEX ix_news_recent ON news_items (effective_time, relevance) WHERE duplicate_of IS NULL;
-- Keeps the foreign key check on delete cheap.
CREATE INDEX ix_news_duplicate_of ON news_items (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE settings (
    key        TEXT    NOT NULL PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
) STRICT;
