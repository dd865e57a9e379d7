-- 0005-graph: checkpoints of state graphs (lib/graph.c, wa-agent).  A
-- checkpoint holds what its super-step changed: the channels other than
-- messages as they stand (small), and the messages it added or removed,
-- each message stored once.  Storage grows linearly with a thread.
CREATE TABLE graph_checkpoints (
    thread      TEXT NOT NULL,
    id          INTEGER NOT NULL,   -- 1, 2, ... in the thread
    parent      INTEGER,            -- the checkpoint before it
    step        INTEGER NOT NULL,   -- super-steps in the thread so far
    node        TEXT NOT NULL,      -- what ran: a node, or "input"
    next        TEXT NOT NULL,      -- the node to run next, or __end__
    status      TEXT NOT NULL,      -- running, done, interrupted
    channels    TEXT NOT NULL,      -- JSON: every channel but messages
    metadata    TEXT NOT NULL,      -- JSON: writes, added, removed, next_id
    created_at  TEXT NOT NULL,
    PRIMARY KEY (thread, id)
) WITHOUT ROWID;

-- Every message of a thread once: live from the checkpoint that added it
-- until the one that removed or replaced it (a replacement keeps seq).
CREATE TABLE graph_messages (
    thread      TEXT NOT NULL,
    seq         INTEGER NOT NULL,   -- its place in the thread
    added       INTEGER NOT NULL,
    removed     INTEGER,
    id          TEXT NOT NULL,
    body        TEXT NOT NULL,      -- JSON
    PRIMARY KEY (thread, seq, added)
) WITHOUT ROWID;
CREATE INDEX graph_messages_id ON graph_messages (thread, id, removed);

-- The side effects of nodes (tasks), each recorded once: a task's result
-- is written when it completes, no later than its super-step's
-- checkpoint; after a crash the step runs again and finds it here instead
-- of doing the thing twice.
CREATE TABLE graph_writes (
    thread      TEXT NOT NULL,
    task        TEXT NOT NULL,      -- unique in the thread: a tool call id
    result      TEXT NOT NULL,      -- JSON
    created_at  TEXT NOT NULL,
    PRIMARY KEY (thread, task)
) WITHOUT ROWID;
