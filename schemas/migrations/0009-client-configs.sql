-- 0009-client-configs: the agent configurations wa-agent build writes
-- from a client's dossier, a version per distinct text.
CREATE TABLE client_configs (
    client      TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    sha256      TEXT NOT NULL,      -- of the YAML
    yaml        TEXT NOT NULL,      -- as wa-agent check reads it
    json        TEXT NOT NULL,      -- the same configuration, compact JSON
    created_at  TEXT NOT NULL,
    PRIMARY KEY (client, version)
) WITHOUT ROWID;
