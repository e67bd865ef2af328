-- Issue 24: the fields a site declares beyond the core ones (site.yaml
-- contact.fields) are kept together as a JSON object, so adding a field to
-- the form needs no migration. NULL: the inquiry has none.
ALTER TABLE inquiries ADD COLUMN extra TEXT;
