-- Workers KV: namespaces owned by accounts, and their entries.
CREATE TABLE kv_namespaces (
    id          TEXT PRIMARY KEY,          -- 32 lower-case hex
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    created_on  INTEGER NOT NULL,          -- unix ms
    modified_on INTEGER NOT NULL,
    UNIQUE (account_id, title)
);

-- Keys compare with SQLite's BINARY collation, i.e. memcmp of their UTF-8 bytes: the order Cloudflare lists them in.
-- The value is the last column so that reading a key's expiration and metadata (lists, existence checks) never walks
-- the overflow pages of a large value.
CREATE TABLE kv_entries (
    namespace_id TEXT NOT NULL REFERENCES kv_namespaces(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    expiration   INTEGER,                  -- unix seconds; NULL never expires
    metadata     TEXT,                     -- JSON, at most 1024 bytes
    value        BLOB NOT NULL,
    PRIMARY KEY (namespace_id, key)
);

CREATE INDEX kv_entries_by_expiration ON kv_entries (expiration) WHERE expiration IS NOT NULL;
