-- 0001-base.sql: the shared tables of the workspace (wa-workspace(5)).
-- Applied once, in a transaction, when PRAGMA user_version is below 1.

CREATE TABLE clients (
    id          TEXT PRIMARY KEY
                CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- One row per invocation of an engine.
CREATE TABLE runs (
    id              TEXT PRIMARY KEY,           -- UUIDv7
    engine          TEXT NOT NULL,
    version         TEXT NOT NULL,
    args            TEXT NOT NULL,              -- JSON array of arguments
    status          TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    exit_code       INTEGER,
    records_in      INTEGER NOT NULL DEFAULT 0,
    records_out     INTEGER NOT NULL DEFAULT 0,
    records_failed  INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    duration_ms     INTEGER
);
CREATE INDEX runs_by_start ON runs (started_at);

-- The event bus.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    type            TEXT NOT NULL,
    client_id       TEXT,
    correlation_id  TEXT,
    run_id          TEXT,
    payload         TEXT NOT NULL DEFAULT '{}', -- a JSON object
    at              TEXT NOT NULL
);
CREATE INDEX events_by_type ON events (type, id);
CREATE INDEX events_by_client ON events (client_id, id);

-- Artifacts, in the SQLite Archive format (https://sqlite.org/sqlar.html).
CREATE TABLE IF NOT EXISTS sqlar (
    name   TEXT PRIMARY KEY,
    mode   INT,
    mtime  INT,
    sz     INT,
    data   BLOB
);

-- The latest dossier of each client as the pipeline last saw it, and who
-- wrote each of its sections.
CREATE TABLE dossiers (
    client_id   TEXT PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,      -- the dossier, compact JSON, as printed
    sections    TEXT NOT NULL,      -- JSON array in dossier order, one object
                                    -- per section: name, hash (FNV-1a 64 of
                                    -- its compact JSON), engine (NULL when it
                                    -- arrived on the run's input), run,
                                    -- updated_at
    updated_at  TEXT NOT NULL
);
