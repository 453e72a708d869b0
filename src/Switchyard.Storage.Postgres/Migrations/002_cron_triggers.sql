-- Cron Triggers, as SQLite's 005_cron_triggers.sql: the schedules a script runs its scheduled() handler on.
CREATE TABLE cron_triggers (
    script_id    text COLLATE "C" NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    cron         text COLLATE "C" NOT NULL,
    created_on   bigint NOT NULL,
    modified_on  bigint NOT NULL,
    PRIMARY KEY (script_id, cron)
);
