-- Issue 23: the client column held an HMAC of the client's address under
-- the link key kept in this same database, so every address could be
-- recomputed; from now on its key lives only in the endpoint's memory
-- (contact.ClientHasher), and the old values go. Acknowledgements are
-- also capped per hour for the whole endpoint, counted by time.
UPDATE acknowledgements SET client = '';
CREATE INDEX acknowledgements_at ON acknowledgements (at);
-- The unit's mail no longer carries the claim and answered links (they go
-- in a mail of their own, purpose 'actions'): unit mail still waiting to
-- be sent gets its links mail, so no recipient of an inquiry in flight
-- during the upgrade goes without them.
INSERT INTO outbox (inquiry_id, kind, purpose, target, payload, created_at, next_attempt_at)
	SELECT inquiry_id, kind, 'actions', target, payload, created_at, next_attempt_at FROM outbox
	WHERE purpose = 'unit' AND kind = 'email' AND sent_at IS NULL AND dead_at IS NULL AND target NOT LIKE '%,%';
