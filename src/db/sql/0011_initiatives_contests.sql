-- Initiatives (sáng kiến) and skill contests (hội thi tay nghề; issue 4 §4,
-- §5). See docs/internals/initiative.md. Dates are ISO 'YYYY-MM-DD' text,
-- times Unix seconds, money whole đồng.

-- One initiative, applied in UNIT_ID. Benefit: economic value in VND
-- (benefit_vnd) and/or the social benefit described (benefit_text).
-- Attachments are file names, one a line. used_for / used_ref: the one
-- commendation the initiative backs (REFERENCE §1.3), NULL while unused.
CREATE TABLE initiatives (
    id            {{ID}},
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    title         TEXT NOT NULL,
    summary       TEXT,
    field         TEXT,
    applied_on    TEXT,
    benefit_vnd   BIGINT,
    benefit_text  TEXT,
    attachments   TEXT,
    used_for      TEXT,
    used_ref      TEXT,
    used_at       BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX initiatives_unit ON initiatives(unit_id, applied_on);

-- Authors and their shares in percent (the shares of one initiative sum to 100).
CREATE TABLE initiative_authors (
    initiative_id  BIGINT NOT NULL REFERENCES initiatives(id),
    person_id      BIGINT NOT NULL REFERENCES persons(id),
    share          INTEGER NOT NULL CHECK (share > 0 AND share <= 100),
    PRIMARY KEY (initiative_id, person_id)
);
CREATE INDEX initiative_authors_person ON initiative_authors(person_id);

-- Recognition level by level: 1 cơ sở, 2 cấp trên trực tiếp, 3 tỉnh/thành
-- phố, 4 toàn quốc. Once per level; level N only after level N-1.
CREATE TABLE initiative_recognitions (
    initiative_id  BIGINT NOT NULL REFERENCES initiatives(id),
    level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    decision_no    TEXT NOT NULL,
    decision_date  TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (initiative_id, level)
);
CREATE INDEX initiative_recognitions_date ON initiative_recognitions(decision_date, level);

-- A skill contest organised by UNIT_ID at LEVEL for TRADE, with ROUNDS rounds.
-- state: open (participants and scores may change) or finished (ranks and
-- winners fixed; win_rank / win_score are the criteria used).
CREATE TABLE contests (
    id          {{ID}},
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    name        TEXT NOT NULL,
    trade       TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('co_so', 'cap_tren', 'thanh_pho')),
    held_on     TEXT NOT NULL,
    rounds      INTEGER NOT NULL CHECK (rounds BETWEEN 1 AND 20),
    state       TEXT NOT NULL DEFAULT 'open',
    win_rank    INTEGER,
    win_score   BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX contests_unit ON contests(unit_id, held_on);

-- Participants with their unit; total (sum of the rounds, hundredths of a
-- point), rank (equal totals share a rank, the next rank skips) and winner
-- are set when the contest is finished.
CREATE TABLE contest_participants (
    contest_id  BIGINT NOT NULL REFERENCES contests(id),
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    total       BIGINT,
    rank        INTEGER,
    winner      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (contest_id, person_id)
);

-- Judges (giám khảo) of a contest: a name, and the person record when the
-- judge is one of ours.
CREATE TABLE contest_judges (
    id          {{ID}},
    contest_id  BIGINT NOT NULL REFERENCES contests(id),
    name        TEXT NOT NULL,
    person_id   BIGINT REFERENCES persons(id),
    UNIQUE (contest_id, name)
);

-- Score sheets: the score a judge (judge_id 0: the contest has no judges)
-- gave a participant in a round, hundredths of a point (0..100000). The
-- round's score is the judges' average, rounded to the hundredth.
CREATE TABLE contest_scores (
    contest_id  BIGINT NOT NULL REFERENCES contests(id),
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    round       INTEGER NOT NULL,
    judge_id    BIGINT NOT NULL DEFAULT 0,
    score       BIGINT NOT NULL CHECK (score >= 0),
    PRIMARY KEY (contest_id, person_id, round, judge_id)
);

-- Titles won in contests ("Công nhân giỏi cấp cơ sở / cấp trên cơ sở / Thủ
-- đô"), part of the person's record.
CREATE TABLE person_skill_titles (
    id          {{ID}},
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    title       TEXT NOT NULL,
    level       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    contest_id  BIGINT NOT NULL REFERENCES contests(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    created_at  BIGINT NOT NULL,
    UNIQUE (person_id, contest_id)
);
CREATE INDEX person_skill_titles_person ON person_skill_titles(person_id, year);
