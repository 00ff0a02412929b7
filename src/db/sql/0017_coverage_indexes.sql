-- The coverage of a movement over a whole city (issue 4: < 200 ms over
-- thousands of units) reads only indexes: the chain of answers with their
-- owner, state and number of interim reviews from movements_chain, the units
-- under the owner on a date from unit_tree_down, and each one's superior that
-- day from unit_tree_up. movements.interims counts the interim reviews
-- (kept by movement_set_state), so no per-answer look into movement_states.
ALTER TABLE movements ADD COLUMN interims INTEGER NOT NULL DEFAULT 0;
UPDATE movements SET interims = (SELECT COUNT(*) FROM movement_states s
                                 WHERE s.movement_id = movements.id AND s.state = 'interim');
DROP INDEX IF EXISTS movements_parent;
CREATE INDEX movements_chain ON movements(parent_movement_id, owner_unit_id, state, interims);
CREATE INDEX unit_tree_down ON unit_tree(ancestor_id, depth, descendant_id, valid_from, valid_to);
CREATE INDEX unit_tree_up ON unit_tree(descendant_id, depth, ancestor_id, valid_from, valid_to);
DROP INDEX IF EXISTS unit_tree_children;
