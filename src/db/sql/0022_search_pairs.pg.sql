-- Search by word pairs (0021). The text-search parser splits at '_', so the
-- index takes each pair joined ("bui_thi" -> buithi) into a vector of its
-- own: pairs are never compared with words.
CREATE INDEX persons_pairs_tsv ON persons USING gin (to_tsvector('simple', replace(name_pairs, '_', '')));
