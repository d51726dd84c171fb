-- 0004: a notification a destination keeps refusing (a deleted channel, a missing permission) is given up
-- after a bounded number of attempts instead of being retried forever; it stays in the table with its reason.
ALTER TABLE outbox ADD COLUMN abandoned_at INTEGER;

DROP INDEX ix_outbox_due;
CREATE INDEX ix_outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
