-- Today's people of a subtree in official order from one index (issue 3: a
-- page of 50 in < 10 ms). Each open membership carries its person's order
-- key (NULL once the person is merged away), so that person_list reads the
-- (order key, person) pairs of a subtree's units from memberships_current_order
-- alone and looks up persons and units for the page's rows only. Same on
-- SQLite (0019_list_order.sqlite.sql). The key follows the person: set on
-- insert (by the statement, or below when it gives none), on a move of the
-- row to another person, and on a rename or merge of the person.
ALTER TABLE memberships ADD COLUMN order_key TEXT;
UPDATE memberships m SET order_key = p.order_key FROM persons p WHERE p.id = m.person_id AND p.merged_into IS NULL;
CREATE INDEX memberships_current_order ON memberships(unit_id, order_key, person_id, from_date)
    WHERE to_date IS NULL;
DROP INDEX memberships_unit_current;
CREATE FUNCTION memberships_order_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.order_key IS NULL OR (TG_OP = 'UPDATE' AND NEW.person_id <> OLD.person_id) THEN
        NEW.order_key := (SELECT p.order_key FROM persons p WHERE p.id = NEW.person_id AND p.merged_into IS NULL);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER memberships_order BEFORE INSERT OR UPDATE OF person_id ON memberships
    FOR EACH ROW EXECUTE FUNCTION memberships_order_fill();
CREATE FUNCTION persons_order_spread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE memberships SET order_key = CASE WHEN NEW.merged_into IS NULL THEN NEW.order_key END
        WHERE person_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER persons_order_memberships AFTER UPDATE OF order_key, merged_into ON persons
    FOR EACH ROW WHEN (OLD.order_key IS DISTINCT FROM NEW.order_key OR OLD.merged_into IS DISTINCT FROM NEW.merged_into)
    EXECUTE FUNCTION persons_order_spread();
