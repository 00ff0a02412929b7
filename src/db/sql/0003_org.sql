-- Organisation tree, versioned (issue 3). Dates are ISO 'YYYY-MM-DD' text.
-- Restructuring never overwrites: a transfer closes closure rows and opens
-- new ones, a rename keeps the old name with its period, a dissolution sets
-- the unit's end date; every change is an event with its decision.

-- Kinds of unit with an abstract level (1 central … 6 team); the display name
-- is data, so the shape can change over time.
CREATE TABLE unit_kinds (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    level  INTEGER NOT NULL,
    rank   INTEGER NOT NULL
);
INSERT INTO unit_kinds (code, name, level, rank) VALUES
    ('TLD',          'Tổng Liên đoàn Lao động Việt Nam', 1, 1),
    ('LDLD_TINH',    'Liên đoàn Lao động tỉnh, thành phố', 2, 2),
    ('CD_NGANH_TW',  'Công đoàn ngành Trung ương', 2, 3),
    ('CD_TCT',       'Công đoàn tập đoàn, tổng công ty', 2, 4),
    ('LDLD_HUYEN',   'Liên đoàn Lao động quận, huyện, thị xã', 3, 5),
    ('CD_KCN',       'Công đoàn các khu công nghiệp', 3, 6),
    ('CD_NGANH_DP',  'Công đoàn ngành địa phương', 3, 7),
    ('CD_XA',        'Công đoàn xã, phường, đặc khu', 3, 8),
    ('CD_CTTS',      'Công đoàn cấp trên trực tiếp cơ sở khác', 3, 9),
    ('CDCS',         'Công đoàn cơ sở', 4, 10),
    ('NGHIEP_DOAN',  'Nghiệp đoàn cơ sở', 4, 11),
    ('CD_BO_PHAN',   'Công đoàn bộ phận', 5, 12),
    ('TO_CD',        'Tổ công đoàn', 6, 13);

CREATE TABLE sectors (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    rank  INTEGER NOT NULL
);
INSERT INTO sectors (code, name, rank) VALUES
    ('HCSN',  'Hành chính sự nghiệp', 1),
    ('DNNN',  'Doanh nghiệp nhà nước', 2),
    ('NNN',   'Doanh nghiệp ngoài nhà nước', 3),
    ('FDI',   'Doanh nghiệp có vốn đầu tư nước ngoài', 4),
    ('HTX',   'Hợp tác xã', 5),
    ('KHAC',  'Khác', 6);

ALTER TABLE units ADD COLUMN kind TEXT REFERENCES unit_kinds(code);
ALTER TABLE units ADD COLUMN short_name TEXT;
ALTER TABLE units ADD COLUMN sector TEXT REFERENCES sectors(code);
ALTER TABLE units ADD COLUMN address TEXT;
ALTER TABLE units ADD COLUMN valid_from TEXT NOT NULL DEFAULT '1900-01-01';
ALTER TABLE units ADD COLUMN valid_to TEXT;
ALTER TABLE units ADD COLUMN year_type TEXT NOT NULL DEFAULT 'calendar';

-- The closure gains a period: row (a, d) holds on [valid_from, valid_to).
-- Current rows have valid_to NULL; the permission check reads only those.
CREATE TABLE unit_tree_v (
    ancestor_id   BIGINT NOT NULL REFERENCES units(id),
    descendant_id BIGINT NOT NULL REFERENCES units(id),
    depth         INTEGER NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    PRIMARY KEY (ancestor_id, descendant_id, valid_from)
);
INSERT INTO unit_tree_v (ancestor_id, descendant_id, depth, valid_from, valid_to)
    SELECT ancestor_id, descendant_id, depth, '1900-01-01', NULL FROM unit_tree;
DROP TABLE unit_tree;
ALTER TABLE unit_tree_v RENAME TO unit_tree;
CREATE INDEX unit_tree_descendant ON unit_tree(descendant_id, ancestor_id);
CREATE INDEX unit_tree_children ON unit_tree(ancestor_id, depth, descendant_id);

-- Names a unit had before a rename, with their periods.
CREATE TABLE unit_names (
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    name        TEXT NOT NULL,
    short_name  TEXT,
    PRIMARY KEY (unit_id, valid_from)
);

-- Restructuring events: create, rename, transfer, merge, split, dissolve.
CREATE TABLE unit_events (
    id             {{ID}},
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    event          TEXT NOT NULL,
    event_date     TEXT NOT NULL,
    decision_no    TEXT,
    decision_date  TEXT,
    other_unit_id  BIGINT REFERENCES units(id),
    note           TEXT,
    created_by     BIGINT REFERENCES users(id),
    created_at     BIGINT NOT NULL
);
CREATE INDEX unit_events_unit ON unit_events(unit_id, event_date);
CREATE INDEX unit_events_date ON unit_events(event_date);

-- Emulation clusters and blocks (cụm, khối thi đua): named groups of units
-- of one level, per year, with a leader unit.
CREATE TABLE emulation_groups (
    id              {{ID}},
    owner_unit_id   BIGINT NOT NULL REFERENCES units(id),
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    leader_unit_id  BIGINT REFERENCES units(id),
    created_at      BIGINT NOT NULL,
    UNIQUE (owner_unit_id, year, name)
);
CREATE TABLE emulation_group_members (
    group_id  BIGINT NOT NULL REFERENCES emulation_groups(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (group_id, unit_id)
);
