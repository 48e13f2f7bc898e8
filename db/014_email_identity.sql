-- 014: one mailbox, one person. An email address is the same mailbox whatever the case of
-- its local part ("Familia.Ruiz@x.es" = "familia.ruiz@x.es": providers ignore that case),
-- so its identity, compared by dedup, add, import, the audience and unsubscribes, is the
-- address in lower case (ASCII, as lower() and the program's ascii_lower do); a mobile's is
-- its E.164 number. `normalized` and the ledger's point hashes keep the stored spelling.
ALTER TABLE contact_points ADD COLUMN identity_key TEXT;  -- NULL: not an identity (landline, postal, invalid)
-- 1: another point had this identity when this migration ran (two customers, or one customer
-- twice, on one mailbox): kept as they are and listed for the owner (`duplicates`, `stats`).
ALTER TABLE contact_points ADD COLUMN identity_shared INTEGER NOT NULL DEFAULT 0 CHECK (identity_shared IN (0, 1));
-- A mail server refused this address for good (SMTP 5.1.x, a hard bounce): when (0 = never)
-- and its words. Not consent, so outside the ledger; gone with the point.
ALTER TABLE contact_points ADD COLUMN undeliverable_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_points ADD COLUMN undeliverable_evidence TEXT NOT NULL DEFAULT '';

UPDATE contact_points SET identity_key = lower(normalized)
    WHERE normalized IS NOT NULL AND is_valid = 1 AND (kind = 'email' OR (kind = 'phone' AND is_mobile = 1));
UPDATE contact_points SET identity_shared = 1
    WHERE identity_key IN (SELECT identity_key FROM contact_points WHERE identity_key IS NOT NULL
                           GROUP BY identity_key HAVING count(*) > 1);

CREATE INDEX contact_points_by_identity ON contact_points (identity_key) WHERE identity_key IS NOT NULL;
-- From now on one identity belongs to one point; the pairs found above stay until the owner
-- resolves them (the program refuses a new one whatever this index lets through).
CREATE UNIQUE INDEX contact_points_unique_identity_key ON contact_points (identity_key)
    WHERE identity_key IS NOT NULL AND identity_shared = 0;
