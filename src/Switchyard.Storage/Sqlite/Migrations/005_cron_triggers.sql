-- Cron Triggers: the schedules a script runs its scheduled() handler on (PUT .../scripts/:name/schedules replaces them).
CREATE TABLE cron_triggers (
    script_id    TEXT NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    cron         TEXT NOT NULL,          -- as given (five fields, evaluated in UTC)
    created_on   INTEGER NOT NULL,
    modified_on  INTEGER NOT NULL,
    PRIMARY KEY (script_id, cron)
);
