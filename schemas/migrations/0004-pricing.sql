-- 0004-pricing: the pricing models wa-price made, one row per version.
-- A version is new only when the inputs changed (rate card, assumptions,
-- options): inputs_sha256 says which.
CREATE TABLE pricing_models (
    client          TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    inputs_sha256   TEXT NOT NULL,
    model           TEXT NOT NULL,      -- the pricing section, JSON
    created_at      TEXT NOT NULL,
    PRIMARY KEY (client, version)
);
