-- Issue 12: every inquiry is answered; the same shape as SQLite's 003.
ALTER TABLE inquiries
	ADD COLUMN status TEXT NOT NULL DEFAULT 'new',
	ADD COLUMN due_at BIGINT, -- NULL: received before promises were made
	ADD COLUMN claimed_by TEXT,
	ADD COLUMN claimer_name TEXT,
	ADD COLUMN claimed_at BIGINT,
	ADD COLUMN answered_at BIGINT,
	ADD COLUMN answered_by TEXT,
	ADD COLUMN escalated_at BIGINT,
	ADD COLUMN remind_at BIGINT,
	ADD COLUMN reminded_at BIGINT;
CREATE INDEX inquiries_escalation_due ON inquiries (due_at) WHERE status = 'new' AND escalated_at IS NULL AND NOT spam;
CREATE INDEX inquiries_reminder_due ON inquiries (remind_at) WHERE status = 'claimed' AND reminded_at IS NULL;

CREATE TABLE inquiry_events (
	id         BIGSERIAL PRIMARY KEY,
	inquiry_id TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
	at         BIGINT NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inquiry_events_inquiry ON inquiry_events (inquiry_id);

CREATE TABLE acknowledgements (
	inquiry_id TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
	address    TEXT NOT NULL,
	client     TEXT NOT NULL,
	at         BIGINT NOT NULL
);
CREATE INDEX acknowledgements_address ON acknowledgements (address, at);
CREATE INDEX acknowledgements_client ON acknowledgements (client, at);
CREATE INDEX acknowledgements_inquiry ON acknowledgements (inquiry_id);

CREATE TABLE jobs (
	job    TEXT NOT NULL,
	period TEXT NOT NULL,
	at     BIGINT NOT NULL,
	PRIMARY KEY (job, period)
);

CREATE TABLE secrets (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	current  BYTEA NOT NULL,
	previous BYTEA
);

CREATE TABLE health (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	at BIGINT NOT NULL
);

ALTER TABLE outbox
	ALTER COLUMN inquiry_id DROP NOT NULL,
	ADD COLUMN purpose TEXT NOT NULL DEFAULT 'unit',
	ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0,
	ADD COLUMN dead_at BIGINT;
UPDATE outbox o SET created_at = coalesce((SELECT i.created_at FROM inquiries i WHERE i.id = o.inquiry_id), o.next_attempt_at);
ALTER TABLE outbox ALTER COLUMN purpose DROP DEFAULT, ALTER COLUMN created_at DROP DEFAULT;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;
