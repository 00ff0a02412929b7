-- People (issue 3 §2): identity, membership history, and the yearly records
-- the title rules read (task ratings, discipline, long absences). Dates are
-- ISO 'YYYY-MM-DD' text; times are Unix seconds. See docs/internals/person.md.

-- One row per person. name_fold is text_fold(full_name) for search;
-- order_key is the official list order (person_order_key(): sort key of the
-- given name, a space, sort key of the rest), compared byte-wise.
-- A record merged into another stays, with merged_into naming the survivor.
CREATE TABLE persons (
    id            {{ID}},
    full_name     TEXT NOT NULL,
    name_fold     TEXT NOT NULL,
    order_key     TEXT NOT NULL,
    gender        TEXT CHECK (gender IN ('M', 'F')),
    birth_date    TEXT,            -- 'YYYY-MM-DD' or the year alone 'YYYY'
    cccd          TEXT,            -- 12 digits; NULL when unknown
    phone         TEXT,
    email         TEXT,
    recruited_on  TEXT,
    merged_into   BIGINT REFERENCES persons(id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
-- Unique when present: both databases treat NULLs as distinct here.
CREATE UNIQUE INDEX persons_cccd ON persons(cccd);
-- Duplicate warning: same folded name and birth date.
CREATE INDEX persons_name_birth ON persons(name_fold, birth_date);
CREATE INDEX persons_order ON persons(order_key, id);
CREATE INDEX persons_merged ON persons(merged_into);

-- Membership history: the period [from_date, to_date) in a unit; to_date NULL
-- while it lasts. A transfer closes the current row on the day the new one
-- starts, so periods of one person never overlap.
CREATE TABLE memberships (
    id             {{ID}},
    person_id      BIGINT NOT NULL REFERENCES persons(id),
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    position       TEXT,
    from_date      TEXT NOT NULL,
    to_date        TEXT,
    direct_worker  INTEGER NOT NULL DEFAULT 0 CHECK (direct_worker IN (0, 1)),
    manager        INTEGER NOT NULL DEFAULT 0 CHECK (manager IN (0, 1)),
    member_since   TEXT,
    CHECK (to_date IS NULL OR to_date > from_date)
);
CREATE INDEX memberships_person ON memberships(person_id, from_date);
-- At most one open membership per person.
CREATE UNIQUE INDEX memberships_one_current ON memberships(person_id) WHERE to_date IS NULL;
-- Subtree listings: who is in a unit now, and who was there on a date.
CREATE INDEX memberships_unit_current ON memberships(unit_id, person_id) WHERE to_date IS NULL;
CREATE INDEX memberships_unit_dates ON memberships(unit_id, from_date, to_date);

-- Task-completion rating per year (REFERENCE §2.4): a calendar year '2024' or
-- a school year '2019-2020', as the rating unit counts its years.
CREATE TABLE ratings (
    id          {{ID}},
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    year_label  TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    source_doc  TEXT,
    unit_id     BIGINT REFERENCES units(id),
    UNIQUE (person_id, year_label)
);

-- Discipline: form (a code, see person.h), the decision, its period.
CREATE TABLE disciplines (
    id           {{ID}},
    person_id    BIGINT NOT NULL REFERENCES persons(id),
    form         TEXT NOT NULL,
    decision_no  TEXT,
    from_date    TEXT NOT NULL,
    to_date      TEXT,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX disciplines_person ON disciplines(person_id, from_date);

-- Long absences in a year; maternity leave counts as working time.
CREATE TABLE absences (
    id              {{ID}},
    person_id       BIGINT NOT NULL REFERENCES persons(id),
    year_label      TEXT NOT NULL,
    days            INTEGER NOT NULL CHECK (days > 0),
    reason          TEXT NOT NULL,
    counts_as_work  INTEGER NOT NULL DEFAULT 0 CHECK (counts_as_work IN (0, 1))
);
CREATE INDEX absences_person ON absences(person_id, year_label);
