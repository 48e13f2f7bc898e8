-- 007: consent ledger format v2 (core/consent.hpp), so that erasing a customer can remove
-- the free-text evidence of their consent events, which may name them, while the chain
-- still verifies. A v2 event's hash covers evidence_hash (SHA-256 of the text), and the text
-- itself lives in consent_evidence, keyed by the event's seq. Every event recorded before
-- this migration stays format 1: its hash covers the text in consent_events.evidence, which
-- therefore can never be erased.
ALTER TABLE consent_events ADD COLUMN format_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE consent_events ADD COLUMN evidence_hash TEXT NOT NULL DEFAULT '';

-- The evidence text of v2 events that have any (an event without evidence has no row).
-- Never deleted and never edited; an erasure blanks the text (NULL) and records when.
CREATE TABLE consent_evidence (
    seq       INTEGER PRIMARY KEY,         -- consent_events.seq
    text      TEXT,                        -- NULL once erased
    erased_at INTEGER NOT NULL DEFAULT 0   -- when it was erased, 0 until then
);
CREATE TRIGGER consent_evidence_no_delete BEFORE DELETE ON consent_evidence
BEGIN
    SELECT RAISE(ABORT, 'consent evidence is never deleted: erasing a customer blanks it');
END;
CREATE TRIGGER consent_evidence_only_erased BEFORE UPDATE ON consent_evidence
WHEN NEW.seq IS NOT OLD.seq OR OLD.text IS NULL OR NEW.text IS NOT NULL OR NEW.erased_at = 0
BEGIN
    SELECT RAISE(ABORT, 'consent evidence is never edited: erasing a customer is the only change');
END;

-- Until now deleted rows stayed readable in free space (secure_delete was off): the program
-- runs VACUUM once, right after this migration commits (a VACUUM cannot run inside the
-- migration's transaction), and deletes this row when it has.
INSERT OR REPLACE INTO settings (key, value) VALUES ('maintenance.vacuum_pending', '007');
