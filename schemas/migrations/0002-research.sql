-- 0002-research: what wa-research collects.  Pages are shared by every
-- client whose research reached them; facts belong to one client and are
-- replaced whole by each run that researches it.

-- Every page fetched, as it was last seen, for conditional requests
-- (ETag, Last-Modified) and reuse within --max-age.
CREATE TABLE pages (
    url            TEXT PRIMARY KEY,
    origin         TEXT NOT NULL,       -- scheme://host:port, or file://
    status         INTEGER NOT NULL,    -- of the last answer with a body
    content_type   TEXT,
    charset        TEXT,                -- the encoding the body was in
    etag           TEXT,
    last_modified  TEXT,
    fetched_at     TEXT NOT NULL,       -- when the body was last downloaded
    checked_at     TEXT NOT NULL,       -- when the server was last asked
    sha256         TEXT,                -- of html
    size           INTEGER NOT NULL DEFAULT 0,  -- of html, uncompressed
    html           BLOB                 -- UTF-8; zlib-compressed when
                                        -- size > length(html), as in sqlar
);
CREATE INDEX pages_by_origin ON pages (origin);

-- Which client's research reached which page, and when last.
CREATE TABLE client_pages (
    client_id  TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    url        TEXT NOT NULL REFERENCES pages (url) ON DELETE CASCADE,
    depth      INTEGER NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (client_id, url)
) WITHOUT ROWID;

-- robots.txt per origin (RFC 9309: cached for at most 24 hours).
CREATE TABLE robots (
    origin      TEXT PRIMARY KEY,
    status      INTEGER NOT NULL,       -- 0: no answer
    body        TEXT,
    fetched_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Facts with their provenance, one row each.
CREATE TABLE facts (
    id         INTEGER PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    run_id     TEXT NOT NULL,
    kind       TEXT NOT NULL,           -- email, phone, address, opening_hours, ...
    value      TEXT NOT NULL,           -- JSON
    source     TEXT NOT NULL,           -- a URL, "note:ID" or a connector
    at         TEXT NOT NULL
);
CREATE INDEX facts_by_client ON facts (client_id, kind);

-- What researchers wrote about a client (Markdown), used as a source.
CREATE TABLE research_notes (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    author      TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX research_notes_by_client ON research_notes (client_id, id);
