-- Criteria and scoring (tiêu chí, chấm điểm, xếp loại; issue 4 §3). See
-- docs/internals/scoring.md. Points are hundredths (87,5 điểm = 8750).

-- The score sheet of a movement: its declared total (the group maxima add up
-- to it; bonus and penalty items are outside it).
CREATE TABLE score_sheets (
    movement_id  BIGINT PRIMARY KEY REFERENCES movements(id),
    total        BIGINT NOT NULL CHECK (total > 0),
    saved_by     BIGINT REFERENCES users(id),
    saved_at     BIGINT NOT NULL
);

-- The lines of a sheet in order: groups (nhóm tiêu chí), their criteria
-- (group_pos: the position of the item's group), bonus (điểm thưởng) and
-- penalty (điểm trừ) items. evidence = 1: the item needs minh chứng.
CREATE TABLE score_items (
    id           {{ID}},
    movement_id  BIGINT NOT NULL REFERENCES score_sheets(movement_id),
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('group', 'item', 'bonus', 'penalty')),
    name         TEXT NOT NULL,
    max_points   BIGINT NOT NULL CHECK (max_points > 0),
    evidence     INTEGER NOT NULL DEFAULT 0,
    group_pos    INTEGER,
    UNIQUE (movement_id, position)
);

-- Classification bands (xếp loại): a total of at least min_points gets name;
-- thresholds descending, the lowest 0.
CREATE TABLE score_bands (
    movement_id  BIGINT NOT NULL REFERENCES score_sheets(movement_id),
    min_points   BIGINT NOT NULL CHECK (min_points >= 0),
    name         TEXT NOT NULL,
    PRIMARY KEY (movement_id, min_points)
);

-- The points of one unit on one item: what the unit gave itself (tự chấm,
-- with its evidence note) and what the superior fixed (official), side by side.
CREATE TABLE score_entries (
    movement_id       BIGINT NOT NULL REFERENCES score_sheets(movement_id),
    unit_id           BIGINT NOT NULL REFERENCES units(id),
    item_id           BIGINT NOT NULL REFERENCES score_items(id),
    self_points       BIGINT CHECK (self_points >= 0),
    self_comment      TEXT,
    evidence          TEXT,
    self_by           BIGINT REFERENCES users(id),
    self_at           BIGINT,
    official_points   BIGINT CHECK (official_points >= 0),
    official_comment  TEXT,
    official_by       BIGINT REFERENCES users(id),
    official_at       BIGINT,
    PRIMARY KEY (unit_id, item_id)
);
CREATE INDEX score_entries_movement ON score_entries(movement_id, unit_id);
