-- The adjacent word pairs of each name ("nguyen_van van_duc", text_word_pairs
-- of name_fold), indexed for search by 0022: a name typed in order ("bui thi
-- lan") is found from two short lists of pairs instead of the lists of its
-- words, one of which ("thi", "van") holds half the names. The program fills
-- the column for the people already there right after this file
-- (src/db/migrate.c, data steps) and on every write of a name.
ALTER TABLE persons ADD COLUMN name_pairs TEXT NOT NULL DEFAULT '';
