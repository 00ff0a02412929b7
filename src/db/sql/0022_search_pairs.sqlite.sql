-- Search by word pairs (0021). The pairs are a second column of the same
-- FTS5 index; '_' is a token character, so "bui_thi" is one term that no
-- word of a name can equal. Queries name no column (a column filter needs
-- detail = column or full, which would double the index): word terms have
-- no '_', pair terms always one. The prefix indexes serve the pair the user
-- is still typing ("van_an"* for "le van an") up to 7 letters.
DROP TRIGGER persons_fts_insert;
DROP TRIGGER persons_fts_delete;
DROP TRIGGER persons_fts_update;
DROP TABLE persons_fts;
CREATE VIRTUAL TABLE persons_fts USING fts5(
    name_fold, name_pairs, content = 'persons', content_rowid = 'id',
    prefix = '2 3 4 5 6 7', tokenize = "unicode61 remove_diacritics 0 tokenchars '_'", detail = none,
    columnsize = 0);
CREATE TRIGGER persons_fts_insert AFTER INSERT ON persons BEGIN
    INSERT INTO persons_fts (rowid, name_fold, name_pairs) VALUES (new.id, new.name_fold, new.name_pairs);
END;
CREATE TRIGGER persons_fts_delete AFTER DELETE ON persons BEGIN
    INSERT INTO persons_fts (persons_fts, rowid, name_fold, name_pairs)
    VALUES ('delete', old.id, old.name_fold, old.name_pairs);
END;
CREATE TRIGGER persons_fts_update AFTER UPDATE OF name_fold, name_pairs ON persons BEGIN
    INSERT INTO persons_fts (persons_fts, rowid, name_fold, name_pairs)
    VALUES ('delete', old.id, old.name_fold, old.name_pairs);
    INSERT INTO persons_fts (rowid, name_fold, name_pairs) VALUES (new.id, new.name_fold, new.name_pairs);
END;
INSERT INTO persons_fts (persons_fts) VALUES ('rebuild');
