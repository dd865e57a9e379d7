-- 0007-proposal: the sections of a client's proposal that a person has
-- rewritten (wa-proposal edit, --section).  Each is used in every later
-- version in place of the generated text, and flagged as stale when the
-- text it was written over (base_sha256) is no longer what is generated.
CREATE TABLE proposal_overrides (
    client      TEXT NOT NULL,
    section     TEXT NOT NULL,      -- summary, pricing, ... (wa-proposal(1))
    text        TEXT NOT NULL,      -- Markdown, "## § Title" first
    base_sha256 TEXT NOT NULL,      -- of the generated section it replaced
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (client, section)
) WITHOUT ROWID;
