-- 0012-sections: every version of an engine's section of a client's
-- dossier, kept by ws/section.c for any engine that versions its section
-- (wa-price first; the pricing models move here from 0004's table).  A
-- version is new only when the inputs it was made from changed:
-- inputs_sha256 says which.
CREATE TABLE section_versions (
    client          TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    section         TEXT NOT NULL,      -- the dossier's key: "pricing"
    version         INTEGER NOT NULL,
    inputs_sha256   TEXT NOT NULL,
    body            TEXT NOT NULL,      -- the section, JSON
    created_at      TEXT NOT NULL,
    PRIMARY KEY (client, section, version)
);
INSERT INTO section_versions (client, section, version, inputs_sha256, body, created_at)
    SELECT client, 'pricing', version, inputs_sha256, model, created_at FROM pricing_models;
DROP TABLE pricing_models;
-- what scripts and reports read before, unchanged
CREATE VIEW pricing_models AS
    SELECT client, version, inputs_sha256, body AS model, created_at
    FROM section_versions WHERE section = 'pricing';
