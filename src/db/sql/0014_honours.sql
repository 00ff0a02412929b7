-- Honouring (biểu dương) and advanced models (điển hình tiên tiến; issue 4
-- §6). See docs/internals/honour.md. Dates are ISO 'YYYY-MM-DD' text, times
-- Unix seconds.

-- One honouring event organised by UNIT_ID: a conference (hoi_nghi), a
-- seminar (toa_dam), a ceremony (le_tuyen_duong), a news article (tin_bai),
-- an exchange with models (giao_luu) or another form (khac). PLACE is the
-- venue, or for an article the newspaper or site; LINK the article's address.
CREATE TABLE honour_events (
    id           {{ID}},
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    kind         TEXT NOT NULL CHECK (kind IN ('hoi_nghi', 'toa_dam', 'le_tuyen_duong', 'tin_bai', 'giao_luu', 'khac')),
    title        TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    place        TEXT,
    link         TEXT,
    movement_id  BIGINT REFERENCES movements(id),
    description  TEXT,
    created_by   BIGINT REFERENCES users(id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX honour_events_unit ON honour_events(unit_id, held_on, kind);

-- Who was honoured at an event: a person or a unit (exactly one), with a
-- short citation; each at most once per event.
CREATE TABLE honour_honorees (
    id         {{ID}},
    event_id   BIGINT NOT NULL REFERENCES honour_events(id),
    person_id  BIGINT REFERENCES persons(id),
    unit_id    BIGINT REFERENCES units(id),
    citation   TEXT,
    CHECK ((person_id IS NULL AND unit_id IS NOT NULL) OR (person_id IS NOT NULL AND unit_id IS NULL))
);
CREATE INDEX honour_honorees_event ON honour_honorees(event_id, id);
CREATE UNIQUE INDEX honour_honorees_person ON honour_honorees(event_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX honour_honorees_unit ON honour_honorees(event_id, unit_id) WHERE unit_id IS NOT NULL;

-- An advanced model held up as an example by UNIT_ID (the recognising unit)
-- in YEAR: a person (person_id) or a collective (subject_unit_id), exactly
-- one; with its story and the movement it came from.
CREATE TABLE honour_models (
    id               {{ID}},
    unit_id          BIGINT NOT NULL REFERENCES units(id),
    person_id        BIGINT REFERENCES persons(id),
    subject_unit_id  BIGINT REFERENCES units(id),
    title            TEXT NOT NULL,
    story            TEXT NOT NULL,
    movement_id      BIGINT REFERENCES movements(id),
    year             INTEGER NOT NULL,
    created_by       BIGINT REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    CHECK ((person_id IS NULL AND subject_unit_id IS NOT NULL) OR (person_id IS NOT NULL AND subject_unit_id IS NULL))
);
CREATE INDEX honour_models_unit ON honour_models(unit_id, year);

-- Units that replicated a model (nhân rộng), once each.
CREATE TABLE honour_replications (
    model_id       BIGINT NOT NULL REFERENCES honour_models(id),
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    replicated_on  TEXT NOT NULL,
    note           TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (model_id, unit_id)
);
