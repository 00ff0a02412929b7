-- Who a movement is for and what it leads to (issue 4 §1): the target
-- group — units of one kind (unit_kinds.code) and/or one sector
-- (sectors.code), people of one category — and the titles it leads to
-- (title codes, comma-separated, e.g. "IND_LDTT,COL_TTLDXS"). NULL: no
-- restriction / none named. Kept in every version too.
ALTER TABLE movements ADD COLUMN target_unit_kind TEXT;
ALTER TABLE movements ADD COLUMN target_sector TEXT;
ALTER TABLE movements ADD COLUMN target_people TEXT;
ALTER TABLE movements ADD COLUMN titles TEXT;
ALTER TABLE movement_versions ADD COLUMN target_unit_kind TEXT;
ALTER TABLE movement_versions ADD COLUMN target_sector TEXT;
ALTER TABLE movement_versions ADD COLUMN target_people TEXT;
ALTER TABLE movement_versions ADD COLUMN titles TEXT;
