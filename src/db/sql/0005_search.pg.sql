-- Accent-insensitive name search, PostgreSQL side (SQLite: 0005_search.sqlite.sql).
-- GIN indexes over the 'simple' text-search vectors of the folded names
-- (persons.name_fold, units.name_fold: text_fold(), so đ is already d). A
-- query such as to_tsquery('simple', 'nguyen:* & van:*') uses them, prefix
-- matches included. The expression in search.c must stay exactly this one.
CREATE INDEX persons_name_tsv ON persons USING gin (to_tsvector('simple', name_fold));
CREATE INDEX units_name_tsv ON units USING gin (to_tsvector('simple', name_fold));
