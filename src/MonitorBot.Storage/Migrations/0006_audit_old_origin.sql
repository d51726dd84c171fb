-- 0006: where a changed key's old value came from (a file, the environment, the admin layer, or the built-in
-- default), so the history reads "Detection:Trade:YoYDeclineWarningPct: 50 (file config/monitorbot.json) -> 40"
-- instead of "- -> 40" when the admin layer had no value of its own.
ALTER TABLE config_audit ADD COLUMN old_origin TEXT;
