-- Each Cron Trigger firing, claimed once (by whichever node inserts it first), kept a day.
CREATE TABLE cron_runs (
    run_key  TEXT PRIMARY KEY,      -- account / namespace / script / cron / minute
    minute   INTEGER NOT NULL       -- the planned minute, ms since the epoch
);
CREATE INDEX cron_runs_minute ON cron_runs (minute);
