-- Issue 12: every inquiry is answered. An inquiry gets a status, an owner
-- and a reply promise, timers for escalation and reminders, and a history
-- of changes; acknowledgements to visitors are counted for their limits;
-- periodic jobs (the digest) and the link-signing keys are kept; outbox
-- messages get a purpose, a creation time and a dead state, and may belong
-- to no inquiry (the digest). Times are Unix milliseconds.
ALTER TABLE inquiries ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE inquiries ADD COLUMN due_at INTEGER; -- NULL: received before promises were made
ALTER TABLE inquiries ADD COLUMN claimed_by TEXT;
ALTER TABLE inquiries ADD COLUMN claimer_name TEXT;
ALTER TABLE inquiries ADD COLUMN claimed_at INTEGER;
ALTER TABLE inquiries ADD COLUMN answered_at INTEGER;
ALTER TABLE inquiries ADD COLUMN answered_by TEXT;
ALTER TABLE inquiries ADD COLUMN escalated_at INTEGER;
ALTER TABLE inquiries ADD COLUMN remind_at INTEGER;
ALTER TABLE inquiries ADD COLUMN reminded_at INTEGER;
CREATE INDEX inquiries_escalation_due ON inquiries (due_at) WHERE status = 'new' AND escalated_at IS NULL AND spam = 0;
CREATE INDEX inquiries_reminder_due ON inquiries (remind_at) WHERE status = 'claimed' AND reminded_at IS NULL;

CREATE TABLE inquiry_events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	inquiry_id TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inquiry_events_inquiry ON inquiry_events (inquiry_id);

-- One row per acknowledgement queued: few per address and client, so the
-- limits are counted from a handful of index entries.
CREATE TABLE acknowledgements (
	inquiry_id TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
	address    TEXT NOT NULL, -- lower-cased in Go
	client     TEXT NOT NULL, -- a keyed hash of the client's network, or ''
	at         INTEGER NOT NULL
);
CREATE INDEX acknowledgements_address ON acknowledgements (address, at);
CREATE INDEX acknowledgements_client ON acknowledgements (client, at);
CREATE INDEX acknowledgements_inquiry ON acknowledgements (inquiry_id);

CREATE TABLE jobs (
	job    TEXT NOT NULL,
	period TEXT NOT NULL,
	at     INTEGER NOT NULL,
	PRIMARY KEY (job, period)
);

CREATE TABLE secrets (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	current  BLOB NOT NULL,
	previous BLOB
);

CREATE TABLE health (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	at INTEGER NOT NULL
);

-- SQLite cannot drop NOT NULL from a column: the outbox is rebuilt.
CREATE TABLE outbox_new (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	inquiry_id      TEXT REFERENCES inquiries (id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	purpose         TEXT NOT NULL,
	target          TEXT NOT NULL,
	payload         BLOB NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	next_attempt_at INTEGER NOT NULL,
	claimed_by      TEXT,
	claimed_until   INTEGER,
	sent_at         INTEGER,
	dead_at         INTEGER,
	last_error      TEXT
);
INSERT INTO outbox_new (id, inquiry_id, kind, purpose, target, payload, attempts, created_at, next_attempt_at, claimed_by, claimed_until, sent_at, last_error)
	SELECT o.id, o.inquiry_id, o.kind, 'unit', o.target, o.payload, o.attempts, coalesce(i.created_at, o.next_attempt_at), o.next_attempt_at,
		o.claimed_by, o.claimed_until, o.sent_at, o.last_error
	FROM outbox o LEFT JOIN inquiries i ON i.id = o.inquiry_id;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_inquiry ON outbox (inquiry_id);
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;
