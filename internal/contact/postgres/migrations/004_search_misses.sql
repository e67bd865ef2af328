-- Issue 15: the searches that found nothing. A row is written only once
-- three different clients sent the query on one day (contact.MissCounter);
-- nothing here identifies a visitor: no address, no hash of one, no agent.
CREATE TABLE search_misses (
	day     TEXT NOT NULL, -- YYYY-MM-DD, Europe/Oslo
	lang    TEXT NOT NULL,
	query   TEXT NOT NULL, -- normalised: folded words, one space between
	clients INTEGER NOT NULL,
	PRIMARY KEY (day, lang, query)
);
