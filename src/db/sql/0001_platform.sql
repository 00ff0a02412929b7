-- Platform: units (the start of the organisation tree), accounts, roles and
-- grants, sessions, the audit chain. {{ID}} is the dialect's 64-bit
-- auto-increment primary key. Times are Unix seconds.

CREATE TABLE units (
    id          {{ID}},
    parent_id   BIGINT REFERENCES units(id),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_fold   TEXT NOT NULL,
    sort_key    TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

-- Closure of the tree: one row per (ancestor, descendant), self included at
-- depth 0. Subtree questions and the permission check are one indexed join.
CREATE TABLE unit_tree (
    ancestor_id   BIGINT NOT NULL REFERENCES units(id),
    descendant_id BIGINT NOT NULL REFERENCES units(id),
    depth         INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX unit_tree_descendant ON unit_tree(descendant_id, ancestor_id);

CREATE TABLE users (
    id                   {{ID}},
    login                TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    active               INTEGER NOT NULL DEFAULT 1,
    created_by           BIGINT REFERENCES users(id),
    created_at           BIGINT NOT NULL,
    password_changed_at  BIGINT NOT NULL
);

-- Roles and what each may do; the permission check reads these rows.
CREATE TABLE roles (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    rank  INTEGER NOT NULL
);
CREATE TABLE role_perms (
    role  TEXT NOT NULL REFERENCES roles(code),
    perm  TEXT NOT NULL,
    PRIMARY KEY (role, perm)
);
INSERT INTO roles (code, name, rank) VALUES
    ('admin',    'Quản trị viên', 1),
    ('officer',  'Cán bộ thi đua – khen thưởng', 2),
    ('approver', 'Lãnh đạo ký duyệt', 3),
    ('council',  'Thành viên hội đồng', 4),
    ('viewer',   'Người xem', 5);
INSERT INTO role_perms (role, perm) VALUES
    ('admin', 'read'), ('admin', 'write'), ('admin', 'approve'), ('admin', 'vote'),
    ('admin', 'manage_users'), ('admin', 'audit'),
    ('officer', 'read'), ('officer', 'write'),
    ('approver', 'read'), ('approver', 'approve'),
    ('council', 'read'), ('council', 'vote'),
    ('viewer', 'read');

-- A role held on a unit applies to that unit and everything under it.
CREATE TABLE grants (
    id          {{ID}},
    user_id     BIGINT NOT NULL REFERENCES users(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    role        TEXT NOT NULL REFERENCES roles(code),
    granted_by  BIGINT REFERENCES users(id),
    granted_at  BIGINT NOT NULL,
    UNIQUE (user_id, unit_id, role)
);
CREATE INDEX grants_unit ON grants(unit_id);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
    id            {{ID}},
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    csrf_token    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    ip            TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only log of every write. Each entry's hash covers its fields and the
-- previous entry's hash; audit_head holds the tip and serialises appends.
CREATE TABLE audit_log (
    id           BIGINT PRIMARY KEY,
    at           BIGINT NOT NULL,
    user_id      BIGINT,
    ip           TEXT,
    request_id   TEXT,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    BIGINT,
    unit_id      BIGINT,
    before_json  TEXT,
    after_json   TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_unit ON audit_log(unit_id);

CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
