-- 0003-envelopes: the life of each version of a document sent for
-- signature (an NDA, an agreement), in the envelope model of e-signature
-- services, and its audit trail.

-- One row per document version: where it stands and who must still sign.
CREATE TABLE envelopes (
    kind            TEXT NOT NULL,      -- nda, agreement...
    client          TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    status          TEXT NOT NULL,      -- draft, sent, delivered, signed,
                                        -- completed, declined, voided, expired
    recipients      TEXT NOT NULL,      -- JSON array in routing order:
                                        -- {name, role, email, title,
                                        --  routing_order, status, at}
    document_sha256 TEXT NOT NULL,      -- the PDF as generated
    current_sha256  TEXT NOT NULL,      -- the PDF as last signed
    reason          TEXT,               -- of a decline or a void
    sent_at         TEXT,
    deadline        TEXT,               -- expires after it
    envelope_id     TEXT,               -- the e-signature service's
    audit_hash      TEXT,               -- of its last audit_trail row
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (kind, client, version)
);
CREATE INDEX envelopes_waiting ON envelopes (status, updated_at);
CREATE INDEX envelopes_file ON envelopes (current_sha256);

-- Every change, chained: hash is the SHA-256 of the row's fields and of
-- the previous row's hash for the same kind and client, so editing or
-- deleting a row is seen by `wa-nda audit CLIENT --verify`.
CREATE TABLE audit_trail (
    seq             INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    client          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    at              TEXT NOT NULL,
    action          TEXT NOT NULL,
    actor           TEXT NOT NULL,
    detail          TEXT NOT NULL,      -- JSON
    document_sha256 TEXT NOT NULL,      -- the document after the change
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX audit_trail_client ON audit_trail (kind, client, seq);
