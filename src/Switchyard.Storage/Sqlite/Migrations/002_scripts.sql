-- Dispatch namespaces, worker scripts with immutable versions and deployments, zones and worker routes.
-- Module code and asset manifests live in the blob store (written before the transaction that references them).

CREATE TABLE dispatch_namespaces (
    id               TEXT PRIMARY KEY,                  -- UUID
    account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    trusted_workers  INTEGER NOT NULL DEFAULT 0,
    created_on       INTEGER NOT NULL,                  -- unix ms
    created_by       TEXT NOT NULL,
    modified_on      INTEGER NOT NULL,
    modified_by      TEXT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE scripts (
    id                  TEXT PRIMARY KEY,               -- the immutable tag, 32 hex
    account_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    namespace_id        TEXT REFERENCES dispatch_namespaces(id) ON DELETE CASCADE,  -- NULL: account-level script
    name                TEXT NOT NULL,
    active_version_id   TEXT NOT NULL,                  -- the version serving all traffic
    logpush             INTEGER NOT NULL DEFAULT 0,
    observability       TEXT,                           -- JSON as given
    tail_consumers      TEXT,                           -- JSON as given
    last_deployed_from  TEXT NOT NULL,
    subdomain_enabled   INTEGER NOT NULL DEFAULT 0,     -- served on <script>.<account subdomain>.<workers domain>
    previews_enabled    INTEGER NOT NULL DEFAULT 0,
    created_on          INTEGER NOT NULL,
    modified_on         INTEGER NOT NULL
);
CREATE UNIQUE INDEX scripts_account_name ON scripts (account_id, name) WHERE namespace_id IS NULL;
CREATE UNIQUE INDEX scripts_namespace_name ON scripts (namespace_id, name) WHERE namespace_id IS NOT NULL;

CREATE TABLE script_tags (
    script_id  TEXT NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (script_id, tag)
);
CREATE INDEX script_tags_by_tag ON script_tags (tag, script_id);

CREATE TABLE script_versions (
    id                   TEXT PRIMARY KEY,              -- UUID, what wrangler prints as the version id
    script_id            TEXT NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    number               INTEGER NOT NULL,
    created_on           INTEGER NOT NULL,
    source               TEXT NOT NULL,
    main_module          TEXT,                          -- NULL: assets-only version
    service_worker       INTEGER NOT NULL,
    compatibility_date   TEXT,
    compatibility_flags  TEXT NOT NULL,                 -- JSON array
    bindings             TEXT NOT NULL,                 -- JSON array, secret values included
    cpu_ms               INTEGER,
    placement            TEXT,                          -- JSON as given
    usage_model          TEXT NOT NULL,
    assets_manifest      TEXT,                          -- blob key of the manifest JSON
    assets_config        TEXT,                          -- JSON
    annotations          TEXT NOT NULL,                 -- JSON object
    handlers             TEXT NOT NULL,                 -- JSON array
    UNIQUE (script_id, number)
);

CREATE TABLE version_modules (
    version_id    TEXT NOT NULL REFERENCES script_versions(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    blob_key      TEXT NOT NULL,
    size          INTEGER NOT NULL,
    PRIMARY KEY (version_id, name)
);

CREATE TABLE deployments (
    id            TEXT PRIMARY KEY,                     -- UUID
    script_id     TEXT NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    created_on    INTEGER NOT NULL,
    source        TEXT NOT NULL,
    author_email  TEXT,
    strategy      TEXT NOT NULL,
    versions      TEXT NOT NULL,                        -- JSON [{version_id, percentage}]
    annotations   TEXT NOT NULL                         -- JSON object
);
CREATE INDEX deployments_by_script ON deployments (script_id, created_on);

CREATE TABLE zones (
    id          TEXT PRIMARY KEY,                       -- 32 hex
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL UNIQUE,                   -- lower-case domain
    created_on  INTEGER NOT NULL,
    modified_on INTEGER NOT NULL
);
CREATE INDEX zones_by_account ON zones (account_id, name);

CREATE TABLE worker_routes (
    id          TEXT PRIMARY KEY,                       -- 32 hex
    zone_id     TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    pattern     TEXT NOT NULL,
    script      TEXT,                                   -- account-level script name; NULL routes to no worker
    created_on  INTEGER NOT NULL,
    UNIQUE (zone_id, pattern)
);
CREATE INDEX worker_routes_by_script ON worker_routes (script);
