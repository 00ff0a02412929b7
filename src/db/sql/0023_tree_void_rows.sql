-- Closure rows that never held: transfers before this version closed the
-- rows of a unit founded on or after the transfer date into an empty or
-- inverted period (valid_to <= valid_from) instead of removing them
-- (core/org.c, transfer_in_tx, now deletes them). No "as of" query matches
-- such a row; they only take room.
DELETE FROM unit_tree WHERE valid_to IS NOT NULL AND valid_to <= valid_from;
