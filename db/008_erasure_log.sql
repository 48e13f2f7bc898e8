-- The erasure log. Every erasure (GDPR art. 17), written in the erasure's own transaction: whom (the contact
-- UUID, no personal data), which identifier hashes were suppressed, and when. Restoring an
-- older backup reads this log from the database it replaces and erases those customers
-- again, so a restore never brings an erased customer back.
CREATE TABLE erasure_log (
    id                INTEGER PRIMARY KEY,
    contact_uuid      TEXT NOT NULL,
    identifier_hashes TEXT NOT NULL,   -- keyed hashes (hex), one per line
    erased_at         INTEGER NOT NULL -- seconds since 1970-01-01 UTC
);
CREATE INDEX erasure_log_contact ON erasure_log (contact_uuid);
