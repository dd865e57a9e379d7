-- 0006-calendar: appointments the agents' booking tools make.  A slot is
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
