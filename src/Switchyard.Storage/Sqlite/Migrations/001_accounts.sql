-- Accounts, their API tokens (stored as SHA-256 hashes only) and the workers subdomain each owns.
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,          -- 32 lower-case hex, as Cloudflare account ids
    name        TEXT NOT NULL,
    subdomain   TEXT NOT NULL UNIQUE,
    created_on  INTEGER NOT NULL           -- unix ms
);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the token
    created_on  INTEGER NOT NULL,
    revoked_on  INTEGER
);
