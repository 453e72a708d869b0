-- The whole state of a Switchyard deployment, shared by every node. The tables mirror the SQLite schema
-- (src/Switchyard.Storage/Sqlite/Migrations) so both backends answer alike; timestamps stay unix ms in bigint for the
-- same reason. Differences: booleans are boolean, blobs live here too (a node's data directory only caches them),
-- KV keys are bytea (their UTF-8 bytes: byte order is Cloudflare's list order, and a key may hold U+0000), and
-- sy_changes counts the commits that the nodes' in-memory lookups depend on. Text compares bytewise (COLLATE "C"),
-- as SQLite's BINARY does, so names sort the same whatever locale the database was created with.

CREATE TABLE accounts (
    id          text COLLATE "C" PRIMARY KEY,
    name        text COLLATE "C" NOT NULL,
    subdomain   text COLLATE "C" NOT NULL UNIQUE,
    created_on  bigint NOT NULL
);

CREATE TABLE api_tokens (
    id          text COLLATE "C" PRIMARY KEY,
    account_id  text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        text COLLATE "C" NOT NULL,
    token_hash  text COLLATE "C" NOT NULL UNIQUE,      -- hex SHA-256 of the token; the token itself is never stored
    created_on  bigint NOT NULL,
    revoked_on  bigint
);
CREATE INDEX api_tokens_by_account ON api_tokens (account_id, created_on);

CREATE TABLE dispatch_namespaces (
    id               text COLLATE "C" PRIMARY KEY,
    account_id       text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name             text COLLATE "C" NOT NULL,
    trusted_workers  boolean NOT NULL DEFAULT false,
    created_on       bigint NOT NULL,
    created_by       text COLLATE "C" NOT NULL,
    modified_on      bigint NOT NULL,
    modified_by      text COLLATE "C" NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE scripts (
    id                  text COLLATE "C" PRIMARY KEY,
    account_id          text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    namespace_id        text COLLATE "C" REFERENCES dispatch_namespaces(id) ON DELETE CASCADE,
    name                text COLLATE "C" NOT NULL,
    active_version_id   text COLLATE "C" NOT NULL,
    logpush             boolean NOT NULL DEFAULT false,
    observability       text COLLATE "C",
    tail_consumers      text COLLATE "C",
    last_deployed_from  text COLLATE "C" NOT NULL,
    subdomain_enabled   boolean NOT NULL DEFAULT false,
    previews_enabled    boolean NOT NULL DEFAULT false,
    created_on          bigint NOT NULL,
    modified_on         bigint NOT NULL
);
CREATE UNIQUE INDEX scripts_account_name ON scripts (account_id, name) WHERE namespace_id IS NULL;
CREATE UNIQUE INDEX scripts_namespace_name ON scripts (namespace_id, name) WHERE namespace_id IS NOT NULL;

CREATE TABLE script_tags (
    script_id  text COLLATE "C" NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    tag        text COLLATE "C" NOT NULL,
    PRIMARY KEY (script_id, tag)
);
CREATE INDEX script_tags_by_tag ON script_tags (tag, script_id);

CREATE TABLE script_versions (
    id                   text COLLATE "C" PRIMARY KEY,
    script_id            text COLLATE "C" NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    number               integer NOT NULL,
    created_on           bigint NOT NULL,
    source               text COLLATE "C" NOT NULL,
    main_module          text COLLATE "C",
    service_worker       boolean NOT NULL,
    compatibility_date   text COLLATE "C",
    compatibility_flags  text COLLATE "C" NOT NULL,
    bindings             text COLLATE "C" NOT NULL,   -- JSON array, secret values included
    cpu_ms               integer,
    placement            text COLLATE "C",
    usage_model          text COLLATE "C" NOT NULL,
    assets_manifest      text COLLATE "C",
    assets_config        text COLLATE "C",
    annotations          text COLLATE "C" NOT NULL,
    handlers             text COLLATE "C" NOT NULL,
    UNIQUE (script_id, number)
);

CREATE TABLE version_modules (
    version_id    text COLLATE "C" NOT NULL REFERENCES script_versions(id) ON DELETE CASCADE,
    position      integer NOT NULL,
    name          text COLLATE "C" NOT NULL,
    content_type  text COLLATE "C" NOT NULL,
    blob_key      text COLLATE "C" NOT NULL,
    size          bigint NOT NULL,
    PRIMARY KEY (version_id, name)
);

-- seq orders deployments made within one millisecond (SQLite's rowid plays that part there).
CREATE TABLE deployments (
    seq           bigserial UNIQUE,
    id            text COLLATE "C" PRIMARY KEY,
    script_id     text COLLATE "C" NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    created_on    bigint NOT NULL,
    source        text COLLATE "C" NOT NULL,
    author_email  text COLLATE "C",
    strategy      text COLLATE "C" NOT NULL,
    versions      text COLLATE "C" NOT NULL,
    annotations   text COLLATE "C" NOT NULL
);
CREATE INDEX deployments_by_script ON deployments (script_id, created_on, seq);

CREATE TABLE zones (
    id          text COLLATE "C" PRIMARY KEY,
    account_id  text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        text COLLATE "C" NOT NULL UNIQUE,
    created_on  bigint NOT NULL,
    modified_on bigint NOT NULL
);
CREATE INDEX zones_by_account ON zones (account_id, name);

CREATE TABLE worker_routes (
    id          text COLLATE "C" PRIMARY KEY,
    zone_id     text COLLATE "C" NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    pattern     text COLLATE "C" NOT NULL,
    script      text COLLATE "C",
    created_on  bigint NOT NULL,
    UNIQUE (zone_id, pattern)
);
CREATE INDEX worker_routes_by_script ON worker_routes (script);

CREATE TABLE uploaded_assets (
    account_id    text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    hash          text COLLATE "C" NOT NULL,
    blob_key      text COLLATE "C" NOT NULL,
    size          bigint NOT NULL,
    content_type  text COLLATE "C",
    uploaded_on   bigint NOT NULL,
    PRIMARY KEY (account_id, hash)
);

CREATE TABLE asset_upload_sessions (
    id                  text COLLATE "C" PRIMARY KEY,
    account_id          text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    dispatch_namespace  text COLLATE "C",
    script_name         text COLLATE "C" NOT NULL,
    manifest            text COLLATE "C" NOT NULL,   -- JSON {"/path":{"hash":"…","size":n}}
    created_on          bigint NOT NULL,
    expires_on          bigint NOT NULL
);
CREATE INDEX asset_upload_sessions_expiry ON asset_upload_sessions (expires_on);

CREATE TABLE server_secrets (
    name        text COLLATE "C" PRIMARY KEY,
    value       bytea NOT NULL,
    created_on  bigint NOT NULL
);

CREATE TABLE kv_namespaces (
    id          text COLLATE "C" PRIMARY KEY,
    account_id  text COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    title       text COLLATE "C" NOT NULL,
    created_on  bigint NOT NULL,
    modified_on bigint NOT NULL,
    UNIQUE (account_id, title)
);

CREATE TABLE kv_entries (
    namespace_id text COLLATE "C" NOT NULL REFERENCES kv_namespaces(id) ON DELETE CASCADE,
    key          bytea NOT NULL,          -- UTF-8 of the key
    expiration   bigint,                  -- unix seconds; NULL never expires
    metadata     text COLLATE "C",
    value        bytea NOT NULL,
    PRIMARY KEY (namespace_id, key)
);
CREATE INDEX kv_entries_by_expiration ON kv_entries (expiration) WHERE expiration IS NOT NULL;

-- Content-addressed blobs (module code, asset bodies, asset manifests), named by the SHA-256 of their bytes.
CREATE TABLE blobs (
    key           text COLLATE "C" PRIMARY KEY,
    content       bytea NOT NULL,
    size          bigint NOT NULL,
    last_written  bigint NOT NULL        -- unix ms; every put refreshes it (the collector's grace period)
);

-- One row: bumped in the same transaction as every write the nodes' request-path lookups depend on (scripts,
-- deployments, namespaces, subdomains, zones and routes), and announced with NOTIFY sy_changes.
CREATE TABLE sy_changes (
    id       integer PRIMARY KEY CHECK (id = 1),
    version  bigint NOT NULL
);
INSERT INTO sy_changes (id, version) VALUES (1, 0);
