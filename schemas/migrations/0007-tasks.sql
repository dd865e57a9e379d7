-- 0007-tasks: the side effects of graph nodes, each recorded once
-- (lib/graph.c tasks).  A task's result is written when it completes,
-- before its super-step's checkpoint: after a crash the step runs again
-- and finds the result here instead of doing the thing twice.
CREATE TABLE graph_writes (
    thread      TEXT NOT NULL,
    task        TEXT NOT NULL,      -- unique in the thread: a tool call id
    result      TEXT NOT NULL,      -- JSON
    created_at  TEXT NOT NULL,
    PRIMARY KEY (thread, task)
);

-- Which configuration a conversation runs, so that approve, resume and
-- fork can rebuild its graph from the thread id alone.
ALTER TABLE conversations ADD COLUMN config TEXT;
