-- 015: what each consent wording is for (channels, purposes, legal basis). The wordings are
-- part of the ledger and never edited, so the scope lives beside them: an annotation the
-- owner can correct, outside the hash chain, with every earlier value kept in
-- wording_scope_history. Rows for wordings that existed before are proposed from their text
-- by the program when it opens the database (store/wording_scope_repo.hpp), marked
-- proposed = 1 until the owner confirms or corrects them.
CREATE TABLE wording_scopes (
    wording_id INTEGER PRIMARY KEY REFERENCES consent_wordings (id),
    channels   TEXT NOT NULL,                 -- channel names, comma-separated ("email,sms")
    purposes   TEXT NOT NULL,                 -- purpose names, comma-separated
    basis      TEXT NOT NULL CHECK (basis = 'consent' OR basis = 'existing_customer'),
    proposed   INTEGER NOT NULL CHECK (proposed = 0 OR proposed = 1),
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- The value a correction replaced, with when and by whom it had been set.
CREATE TABLE wording_scope_history (
    id         INTEGER PRIMARY KEY,
    wording_id INTEGER NOT NULL,
    channels   TEXT NOT NULL,
    purposes   TEXT NOT NULL,
    basis      TEXT NOT NULL,
    proposed   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TRIGGER wording_scopes_keep_history AFTER UPDATE ON wording_scopes
BEGIN
    INSERT INTO wording_scope_history (wording_id, channels, purposes, basis, proposed, updated_at, updated_by)
    VALUES (OLD.wording_id, OLD.channels, OLD.purposes, OLD.basis, OLD.proposed, OLD.updated_at, OLD.updated_by);
END;
