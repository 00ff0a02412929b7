-- Accent-insensitive name search, SQLite side (PostgreSQL: 0005_search.pg.sql).
-- FTS5 indexes over the folded names (persons.name_fold, units.name_fold:
-- text_fold(), so đ is already d), with prefix indexes for the 2-, 3- and
-- 4-letter beginnings users type. External content: the text lives only in
-- the base table; the triggers keep the index in step with every write.
-- detail=none, columnsize=0: no positions or sizes, since queries are only
-- AND-ed words and prefixes (no phrases, NEAR or bm25); a much smaller index.
CREATE VIRTUAL TABLE persons_fts USING fts5(
    name_fold, content = 'persons', content_rowid = 'id',
    prefix = '2 3 4', tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0);
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

CREATE VIRTUAL TABLE units_fts USING fts5(
    name_fold, content = 'units', content_rowid = 'id',
    prefix = '2 3 4', tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0);
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
