-- People lists at a million people (issue 3: a page of 50 of any subtree in
-- official order in < 10 ms). Same indexes on SQLite (0016_people_lists.sqlite.sql,
-- which also widens the search prefixes). The two join orders of person_list
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
