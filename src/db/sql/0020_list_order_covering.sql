-- memberships_current_order (0019) holds to_date too, although it is NULL in
-- every entry: SQLite reads an index alone only when it holds every column the
-- query names, and today's lists name to_date ("m.to_date IS NULL", the
-- index's own condition). Without it, counting a ward's ten thousand people
-- looked up each membership row (10 ms on the medium demo; 1 ms with it).
-- PostgreSQL would not need it; the schema stays the same on both.
DROP INDEX memberships_current_order;
CREATE INDEX memberships_current_order ON memberships(unit_id, order_key, person_id, from_date, to_date)
    WHERE to_date IS NULL;
