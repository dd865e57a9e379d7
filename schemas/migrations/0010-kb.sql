-- 0010-kb: the knowledge base agents search (wa-agent kb): documents cut
-- into chunks, indexed with FTS5 (BM25), with an embedding per chunk
-- when a server made one; and a small graph of the client's entities
-- (the business, its services, locations, prices, hours) and their
-- relations, walked with recursive SQL.
CREATE TABLE kb_documents (
    id          INTEGER PRIMARY KEY,
    client      TEXT NOT NULL,
    source      TEXT NOT NULL,      -- a file's path, a URL, research's page
    title       TEXT,
    sha256      TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    UNIQUE (client, source)
);
CREATE TABLE kb_chunks (
    id          INTEGER PRIMARY KEY,
    document    INTEGER NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
    client      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    embedding   BLOB                -- float32 little-endian, or NULL
);
CREATE INDEX kb_chunks_document ON kb_chunks (document);
CREATE VIRTUAL TABLE kb_fts USING fts5 (text, client UNINDEXED, chunk UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE kb_entities (
    id          INTEGER PRIMARY KEY,
    client      TEXT NOT NULL,
    kind        TEXT NOT NULL,      -- business, service, location, price, hours
    name        TEXT NOT NULL,
    source      TEXT,
    UNIQUE (client, kind, name)
);
CREATE TABLE kb_relations (
    src         INTEGER NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    rel         TEXT NOT NULL,      -- offers, located_at, costs, open
    dst         INTEGER NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    PRIMARY KEY (src, rel, dst)
) WITHOUT ROWID;
CREATE INDEX kb_relations_dst ON kb_relations (dst);
