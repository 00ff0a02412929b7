-- Emulation movements (phong trào thi đua; issue 4 §1). A unit launches a
-- movement; units below respond with their own linked movement
-- (parent_movement_id). The row holds the current version; every version is
-- kept in movement_versions, every state change in movement_states.
CREATE TABLE movements (
    id                  {{ID}},
    owner_unit_id       BIGINT NOT NULL REFERENCES units(id),
    parent_movement_id  BIGINT REFERENCES movements(id),
    state               TEXT NOT NULL DEFAULT 'draft',  -- draft, launched, interim, final, closed
    version             INTEGER NOT NULL DEFAULT 1,
    name                TEXT NOT NULL,
    content             TEXT,
    goals               TEXT,
    legal_basis         TEXT,
    kind                TEXT NOT NULL,                  -- thuong_xuyen, theo_dot, chuyen_de, ngan_ngay
    period_from         TEXT NOT NULL,
    period_to           TEXT NOT NULL,
    year_label          TEXT,                           -- "2024", "2019-2020"
    created_by          BIGINT REFERENCES users(id),
    created_at          BIGINT NOT NULL,
    UNIQUE (parent_movement_id, owner_unit_id)
);
CREATE INDEX movements_owner ON movements(owner_unit_id, period_from);
CREATE INDEX movements_parent ON movements(parent_movement_id, owner_unit_id);

CREATE TABLE movement_versions (
    movement_id   BIGINT NOT NULL REFERENCES movements(id),
    version       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    content       TEXT,
    goals         TEXT,
    legal_basis   TEXT,
    kind          TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    year_label    TEXT,
    changed_by    BIGINT REFERENCES users(id),
    changed_at    BIGINT NOT NULL,
    PRIMARY KEY (movement_id, version)
);

CREATE TABLE movement_states (
    id           {{ID}},
    movement_id  BIGINT NOT NULL REFERENCES movements(id),
    state        TEXT NOT NULL,
    state_date   TEXT NOT NULL,
    note         TEXT,
    acted_by     BIGINT REFERENCES users(id),
    acted_at     BIGINT NOT NULL
);
CREATE INDEX movement_states_movement ON movement_states(movement_id, state, id);
