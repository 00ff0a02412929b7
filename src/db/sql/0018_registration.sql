-- Emulation titles and commendation forms as data (issue 4 §2), and
-- emulation registration (đăng ký thi đua): the registrations, a deadline
-- per movement, per-unit settings inherited down the tree.
-- See docs/internals/title.md and docs/internals/registration.md.

-- The catalogue. A later issue hangs criteria and rules on CODE; this table
-- only says what exists, for whom, on what basis and from when.
-- SUBJECT: individual, collective, or both (a form given to persons and
-- collectives alike). KIND: title (danh hiệu thi đua) or form (hình thức
-- khen thưởng). SCHEME: state (Luật Thi đua, khen thưởng) or union (quy định
-- khen thưởng của Tổng Liên đoàn). VALID_FROM / VALID_TO: ISO dates, the
-- period [from, to) in which it can be registered for; NULL is open.
-- CONFIDENCE: H, M, L as in REFERENCE.md §0.
CREATE TABLE titles (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    subject      TEXT NOT NULL CHECK (subject IN ('individual', 'collective', 'both')),
    kind         TEXT NOT NULL CHECK (kind IN ('title', 'form')),
    scheme       TEXT NOT NULL CHECK (scheme IN ('state', 'union')),
    legal_basis  TEXT,
    valid_from   TEXT,
    valid_to     TEXT,
    confidence   TEXT NOT NULL CHECK (confidence IN ('H', 'M', 'L')),
    rank         INTEGER NOT NULL,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
);
INSERT INTO titles (code, name, subject, kind, scheme, legal_basis, valid_from, valid_to, confidence, rank) VALUES
    ('IND_LDTT', 'Lao động tiên tiến', 'individual', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 24', NULL, NULL, 'H', 10),
    ('IND_CSTD_CS', 'Chiến sĩ thi đua cơ sở', 'individual', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 23', NULL, NULL, 'H', 20),
    ('IND_CSTD_BT', 'Chiến sĩ thi đua bộ, ban, ngành, tỉnh', 'individual', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22', NULL, NULL, 'H', 30),
    ('IND_CSTD_TQ', 'Chiến sĩ thi đua toàn quốc', 'individual', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 21', NULL, NULL, 'H', 40),
    ('COL_TTLDTT', 'Tập thể lao động tiên tiến', 'collective', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 28', NULL, NULL, 'M', 50),
    ('COL_TTLDXS', 'Tập thể lao động xuất sắc', 'collective', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 27', NULL, NULL, 'H', 60),
    ('COL_CO_BT', 'Cờ thi đua của bộ, ban, ngành, tỉnh', 'collective', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 26', NULL, NULL, 'M', 70),
    ('COL_CO_CP', 'Cờ thi đua của Chính phủ', 'collective', 'title', 'state',
     'Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 25', NULL, NULL, 'H', 80),
    ('U_GK_CT', 'Giấy khen của công đoàn cấp trên trực tiếp cơ sở', 'both', 'form', 'union',
     'Quy định khen thưởng của Tổng Liên đoàn (Quyết định 999/QĐ-TLĐ ngày 29/5/2024); cấp khen sau 2025 chưa đối chiếu',
     NULL, NULL, 'L', 110),
    ('U_BK_LDLD', 'Bằng khen của Liên đoàn Lao động tỉnh, thành phố, Công đoàn ngành Trung ương', 'both', 'form', 'union',
     'Quy định khen thưởng của Tổng Liên đoàn (Quyết định 999/QĐ-TLĐ ngày 29/5/2024); tiêu chí chưa đối chiếu',
     NULL, NULL, 'M', 120),
    ('U_CO_LDLD', 'Cờ thi đua của Liên đoàn Lao động tỉnh, thành phố, Công đoàn ngành Trung ương', 'collective', 'title', 'union',
     'Quyết định 1564/QĐ-TLĐ ngày 24/12/2014, Điều 11 (đã thay thế; Quyết định 999/QĐ-TLĐ ngày 29/5/2024 chưa đối chiếu)',
     NULL, NULL, 'M', 130),
    ('U_BK_TLD', 'Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam', 'both', 'form', 'union',
     'Quy định khen thưởng của Tổng Liên đoàn (Quyết định 999/QĐ-TLĐ ngày 29/5/2024); tiêu chí chưa đối chiếu',
     NULL, NULL, 'M', 140),
    ('U_CO_TLD', 'Cờ thi đua của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam', 'collective', 'title', 'union',
     'Quy định khen thưởng của Tổng Liên đoàn (Quyết định 999/QĐ-TLĐ ngày 29/5/2024); tiêu chí chưa đối chiếu',
     NULL, NULL, 'M', 150);

-- The last day registrations are taken on time; NULL: no deadline.
ALTER TABLE movements ADD COLUMN registration_deadline TEXT;

-- One registration: a unit (collective, PERSON_ID NULL) or a person aims
-- for TITLE_CODE in a movement. UNIT_ID is the unit registering: the
-- collective itself, or the person's unit when registered. SUBJECT_KEY is
-- the unit id or the person id, so that one active registration per subject,
-- title and movement is one unique index. A withdrawn row stays (state
-- 'withdrawn') and the subject may register again.
CREATE TABLE registrations (
    id               {{ID}},
    movement_id      BIGINT NOT NULL REFERENCES movements(id),
    title_code       TEXT NOT NULL REFERENCES titles(code),
    subject          TEXT NOT NULL CHECK (subject IN ('individual', 'collective')),
    unit_id          BIGINT NOT NULL REFERENCES units(id),
    person_id        BIGINT REFERENCES persons(id),
    subject_key      BIGINT NOT NULL,
    targets          TEXT,
    late             INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    late_reason      TEXT,
    state            TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'withdrawn')),
    registered_on    TEXT NOT NULL,
    registered_by    BIGINT REFERENCES users(id),
    registered_at    BIGINT NOT NULL,
    withdrawn_by     BIGINT REFERENCES users(id),
    withdrawn_at     BIGINT,
    withdraw_reason  TEXT,
    CHECK ((subject = 'individual') = (person_id IS NOT NULL))
);
CREATE UNIQUE INDEX registrations_one ON registrations(movement_id, title_code, subject, subject_key)
    WHERE state = 'active';
CREATE INDEX registrations_unit ON registrations(movement_id, unit_id);
CREATE INDEX registrations_person ON registrations(person_id, title_code);

-- Work table of a bulk registration: the people asked for, filled and
-- emptied inside one write transaction (writes are serialised, so it is
-- empty outside one).
CREATE TABLE registration_batch (
    person_id  BIGINT PRIMARY KEY
);

-- Settings of a unit that apply to it and to every unit under it unless a
-- unit nearer down the tree sets its own (registration_required: '1' / '0').
CREATE TABLE unit_settings (
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    updated_by  BIGINT REFERENCES users(id),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (unit_id, name)
);
