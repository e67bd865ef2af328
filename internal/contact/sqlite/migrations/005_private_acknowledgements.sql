-- Issue 23: the client column held an HMAC of the client's address under
-- the link key kept in this same database, so every address could be
-- recomputed; from now on its key lives only in the endpoint's memory
-- (contact.ClientHasher), and the old values go. Acknowledgements are
-- also capped per hour for the whole endpoint, counted by time.
UPDATE acknowledgements SET client = '';
CREATE INDEX acknowledgements_at ON acknowledgements (at);
