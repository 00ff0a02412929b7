-- People lists and search at a million people (issue 3: a page of 50 of any
-- subtree in official order in < 10 ms, a search in < 5 ms). The list indexes
-- are the same on PostgreSQL (0016_people_lists.pg.sql). The two join orders of person_list
-- (person.c) read only indexes until the page's 50 rows are known:
-- - by unit: unit_tree_down, then the people of each unit on a date;
-- - by name: persons in official order with merged_into, then each one's
--   membership on the date and its unit, then the closure pair.
-- Each new index extends an old one, which it replaces.
CREATE INDEX memberships_unit_people ON memberships(unit_id, from_date, to_date, person_id);
DROP INDEX memberships_unit_dates;
CREATE INDEX memberships_person_units ON memberships(person_id, from_date, to_date, unit_id);
DROP INDEX memberships_person;
CREATE INDEX persons_order_live ON persons(order_key, id, merged_into);
DROP INDEX persons_order;
CREATE INDEX unit_tree_pairs ON unit_tree(ancestor_id, descendant_id, valid_from, valid_to, depth);

-- Search: a prefix index for every length of a Vietnamese syllable (2 to 7
-- letters; was 2 3 4). FTS5 answers "huong"* from the 5-letter index as it
-- reads, where without one it first merges the postings of every word
-- starting so (tens of milliseconds for "nguyen" over a million names).
DROP TRIGGER persons_fts_insert;
DROP TRIGGER persons_fts_delete;
DROP TRIGGER persons_fts_update;
DROP TABLE persons_fts;
CREATE VIRTUAL TABLE persons_fts USING fts5(
    name_fold, content = 'persons', content_rowid = 'id',
    prefix = '2 3 4 5 6 7', tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0);
CREATE TRIGGER persons_fts_insert AFTER INSERT ON persons BEGIN
    INSERT INTO persons_fts (rowid, name_fold) VALUES (new.id, new.name_fold);
END;
CREATE TRIGGER persons_fts_delete AFTER DELETE ON persons BEGIN
    INSERT INTO persons_fts (persons_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
END;
CREATE TRIGGER persons_fts_update AFTER UPDATE OF name_fold ON persons BEGIN
    INSERT INTO persons_fts (persons_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
    INSERT INTO persons_fts (rowid, name_fold) VALUES (new.id, new.name_fold);
END;
INSERT INTO persons_fts (persons_fts) VALUES ('rebuild');

DROP TRIGGER units_fts_insert;
DROP TRIGGER units_fts_delete;
DROP TRIGGER units_fts_update;
DROP TABLE units_fts;
CREATE VIRTUAL TABLE units_fts USING fts5(
    name_fold, content = 'units', content_rowid = 'id',
    prefix = '2 3 4 5 6 7', tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0);
CREATE TRIGGER units_fts_insert AFTER INSERT ON units BEGIN
    INSERT INTO units_fts (rowid, name_fold) VALUES (new.id, new.name_fold);
END;
CREATE TRIGGER units_fts_delete AFTER DELETE ON units BEGIN
    INSERT INTO units_fts (units_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
END;
CREATE TRIGGER units_fts_update AFTER UPDATE OF name_fold ON units BEGIN
    INSERT INTO units_fts (units_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
    INSERT INTO units_fts (rowid, name_fold) VALUES (new.id, new.name_fold);
END;
INSERT INTO units_fts (units_fts) VALUES ('rebuild');
