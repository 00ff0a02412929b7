-- Today's people of a subtree in official order from one index (issue 3: a
-- page of 50 in < 10 ms). Each open membership carries its person's order
-- key (NULL once the person is merged away), so that person_list reads the
-- (order key, person) pairs of a subtree's units from memberships_current_order
-- alone and looks up persons and units for the page's rows only. Same on
-- PostgreSQL (0019_list_order.pg.sql). The key follows the person: set on
-- insert (by the statement, or below when it gives none), on a move of the
-- row to another person, and on a rename or merge of the person.
ALTER TABLE memberships ADD COLUMN order_key TEXT;
UPDATE memberships SET order_key =
    (SELECT p.order_key FROM persons p WHERE p.id = memberships.person_id AND p.merged_into IS NULL);
CREATE INDEX memberships_current_order ON memberships(unit_id, order_key, person_id, from_date)
    WHERE to_date IS NULL;
DROP INDEX memberships_unit_current;
CREATE TRIGGER memberships_order_insert AFTER INSERT ON memberships WHEN new.order_key IS NULL BEGIN
    UPDATE memberships SET order_key =
        (SELECT p.order_key FROM persons p WHERE p.id = new.person_id AND p.merged_into IS NULL) WHERE id = new.id;
END;
CREATE TRIGGER memberships_order_person AFTER UPDATE OF person_id ON memberships BEGIN
    UPDATE memberships SET order_key =
        (SELECT p.order_key FROM persons p WHERE p.id = new.person_id AND p.merged_into IS NULL) WHERE id = new.id;
END;
CREATE TRIGGER persons_order_memberships AFTER UPDATE OF order_key, merged_into ON persons
    WHEN old.order_key IS NOT new.order_key OR old.merged_into IS NOT new.merged_into BEGIN
    UPDATE memberships SET order_key = CASE WHEN new.merged_into IS NULL THEN new.order_key END
        WHERE person_id = new.id;
END;
