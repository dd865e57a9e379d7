-- 0006-agent: what the agents keep.  Appointments the booking tools make: a slot is
-- booked at most once: the partial unique index refuses a second booking
-- of the same start, whichever process or thread tries.
CREATE TABLE agent_bookings (
    id          INTEGER PRIMARY KEY,
    client      TEXT NOT NULL,
    start       TEXT NOT NULL,      -- local time in the agent's zone, YYYY-MM-DDTHH:MM
    minutes     INTEGER NOT NULL,
    name        TEXT,
    phone       TEXT,
    thread      TEXT,
    status      TEXT NOT NULL,      -- booked, cancelled
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX agent_bookings_slot ON agent_bookings (client, start)
    WHERE status = 'booked';
CREATE INDEX agent_bookings_phone ON agent_bookings (client, phone, status);

-- Leads the agents capture, and orders an operator loads for lookups.
CREATE TABLE agent_leads (
    id          INTEGER PRIMARY KEY,
    client      TEXT NOT NULL,
    thread      TEXT,
    data        TEXT NOT NULL,      -- JSON: the slots the caller gave
    created_at  TEXT NOT NULL
);
CREATE TABLE agent_orders (
    client      TEXT NOT NULL,
    order_no    TEXT NOT NULL,
    status      TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (client, order_no)
);

-- A thread's conversation with an agent, and one row of metrics a turn.
CREATE TABLE conversations (
    thread      TEXT PRIMARY KEY,
    agent       TEXT NOT NULL,
    client      TEXT NOT NULL,
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,      -- active, interrupted, handoff, ended
    turns       INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    config      TEXT                -- the agent's configuration file
) WITHOUT ROWID;
CREATE TABLE performance_metrics (
    thread      TEXT NOT NULL,
    turn        INTEGER NOT NULL,   -- 1, 2, ... in the conversation
    latency_ms  REAL NOT NULL,
    steps       INTEGER NOT NULL,
    tool_calls  INTEGER NOT NULL,
    outcome     TEXT NOT NULL,      -- done, interrupted, handoff, error
    at          TEXT NOT NULL,
    PRIMARY KEY (thread, turn)
) WITHOUT ROWID;
