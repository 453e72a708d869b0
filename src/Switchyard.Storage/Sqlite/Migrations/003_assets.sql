-- Static assets: bodies live in the blob store; these tables say which account uploaded which client hash and
-- which manifest an upload session expects. Hashes are the client's choice (the server cannot recompute them),
-- so they are trusted only within the account that uploaded them.
CREATE TABLE uploaded_assets (
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    hash          TEXT NOT NULL,           -- the client's 32 lower-case hex hash
    blob_key      TEXT NOT NULL,           -- SHA-256 of the bytes, the blob store key
    size          INTEGER NOT NULL,
    content_type  TEXT,                    -- as uploaded; NULL: infer from the manifest path
    uploaded_on   INTEGER NOT NULL,        -- unix ms
    PRIMARY KEY (account_id, hash)
) WITHOUT ROWID;

CREATE TABLE asset_upload_sessions (
    id                  TEXT PRIMARY KEY,  -- 32 hex, named by the upload and completion JWTs
    account_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    dispatch_namespace  TEXT,              -- NULL for account-level scripts
    script_name         TEXT NOT NULL,
    manifest            TEXT NOT NULL,     -- JSON {"/path":{"hash":"…","size":n}}
    created_on          INTEGER NOT NULL,
    expires_on          INTEGER NOT NULL   -- extended when the completion token is issued
);
CREATE INDEX asset_upload_sessions_expiry ON asset_upload_sessions (expires_on);

-- Keys the server generates once and keeps across restarts (e.g. the asset JWT signing key).
CREATE TABLE server_secrets (
    name        TEXT PRIMARY KEY,
    value       BLOB NOT NULL,
    created_on  INTEGER NOT NULL
);
