-- An idempotency key identifies one version of a form: the same key with
-- other content is an edit sent again (the visitor went Back), which must be
-- stored, not answered with the first version's id (issue 12, defect 1).
DROP INDEX inquiries_idem_key;
CREATE UNIQUE INDEX inquiries_idem_key_hash ON inquiries (idem_key, hash) WHERE idem_key IS NOT NULL;
