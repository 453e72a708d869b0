-- Each Cron Trigger firing, claimed once across nodes (the first INSERT wins), kept a day; as SQLite's 006_cron_runs.sql.
CREATE TABLE cron_runs (
    run_key  text COLLATE "C" PRIMARY KEY,
    minute   bigint NOT NULL
);
CREATE INDEX cron_runs_minute ON cron_runs (minute);
