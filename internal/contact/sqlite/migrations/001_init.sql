-- Inquiries and their notification outbox. Times are Unix milliseconds so
-- SQLite and PostgreSQL store and compare them the same way.
CREATE TABLE inquiries (
	id           TEXT PRIMARY KEY,
	created_at   INTEGER NOT NULL,
	lang         TEXT NOT NULL,
	topic        TEXT NOT NULL,
	name         TEXT NOT NULL,
	email        TEXT NOT NULL,
	email_norm   TEXT NOT NULL, -- lower-cased in Go, for erasure requests
	organisation TEXT NOT NULL,
	message      TEXT NOT NULL,
	idem_key     TEXT,
	hash         TEXT NOT NULL,
	spam_score   INTEGER NOT NULL,
	spam         INTEGER NOT NULL
);
CREATE UNIQUE INDEX inquiries_idem_key ON inquiries (idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX inquiries_hash ON inquiries (hash, created_at);
CREATE INDEX inquiries_created ON inquiries (created_at);
CREATE INDEX inquiries_email ON inquiries (email_norm);

CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	inquiry_id      TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	target          TEXT NOT NULL,
	payload         BLOB NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	claimed_by      TEXT,
	claimed_until   INTEGER,
	sent_at         INTEGER,
	last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_inquiry ON outbox (inquiry_id);
