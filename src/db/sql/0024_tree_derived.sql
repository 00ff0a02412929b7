-- The closure rows of depth 2 and more follow from the parent rows (depth 1):
-- (a, d) holds while d's chain of parents leads to a (core/org.c,
-- org_derive_tree, now keeps them so). Transfers before this version copied
-- the rows above instead, and changes recorded out of date order left a
-- unit under its old ancestors, or without its new ones, for a while. They
-- are derived again here, all at once.
DELETE FROM unit_tree WHERE depth >= 2;
WITH RECURSIVE up(descendant_id, ancestor_id, depth, valid_from, valid_to) AS (
    SELECT descendant_id, ancestor_id, depth, valid_from, valid_to FROM unit_tree WHERE depth = 1
    UNION ALL
    SELECT up.descendant_id, p.ancestor_id, up.depth + 1,
           CASE WHEN p.valid_from > up.valid_from THEN p.valid_from ELSE up.valid_from END,
           CASE WHEN p.valid_to IS NULL OR up.valid_to < p.valid_to THEN up.valid_to ELSE p.valid_to END
    FROM up JOIN unit_tree p ON p.descendant_id = up.ancestor_id AND p.depth = 1
    WHERE p.valid_from < COALESCE(up.valid_to, '9999-12-31')
      AND COALESCE(p.valid_to, '9999-12-31') > up.valid_from AND up.depth < 64)
INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from, valid_to)
SELECT ancestor_id, descendant_id, depth, valid_from, valid_to FROM up WHERE depth >= 2;
