-- Background jobs (long imports, exports, checks) with progress shown in the
-- UI. A job runs as the account that asked for it, through the same
-- permission checks as a request.
CREATE TABLE jobs (
    id           {{ID}},
    kind         TEXT NOT NULL,
    state        TEXT NOT NULL,          -- queued, running, done, failed
    params       TEXT,                   -- JSON
    unit_id      BIGINT REFERENCES units(id),
    created_by   BIGINT REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT,
    progress     BIGINT NOT NULL DEFAULT 0,
    total        BIGINT NOT NULL DEFAULT 0,
    message      TEXT,                   -- Vietnamese, for the user
    input_path   TEXT,                   -- uploaded file the job reads
    input_name   TEXT,                   -- its name on the user's computer
    result_path  TEXT,                   -- file the job wrote
    result_name  TEXT,                   -- name offered for download
    result_type  TEXT                    -- its media type
);
CREATE INDEX jobs_state ON jobs(state, id);
CREATE INDEX jobs_owner ON jobs(created_by, id);
