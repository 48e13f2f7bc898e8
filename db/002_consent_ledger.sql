-- 002: the consent ledger (append-only, hash-chained), wordings, the current-state
-- projection, channel preferences and the suppression list. See core/consent.hpp for the
-- canonical serialisation that each event's hash covers.

-- The exact texts customers agree to. Never edited: a changed text is a new version.
CREATE TABLE consent_wordings (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,             -- groups the versions of one text ("default", "whatsapp")
    version    INTEGER NOT NULL,
    language   TEXT NOT NULL,
    text       TEXT NOT NULL,
    text_hash  TEXT NOT NULL,             -- sha256 hex of text
    created_at INTEGER NOT NULL,
    UNIQUE (name, language, version)
);
CREATE TRIGGER consent_wordings_no_update BEFORE UPDATE ON consent_wordings
BEGIN
    SELECT RAISE(ABORT, 'consent wordings are never edited: add a new version');
END;
CREATE TRIGGER consent_wordings_no_delete BEFORE DELETE ON consent_wordings
BEGIN
    SELECT RAISE(ABORT, 'consent wordings are never deleted');
END;

-- One row per event, in ledger order (seq). No personal data: the contact is its UUID and
-- the contact point a keyed hash, so erasing a customer keeps the chain verifiable.
CREATE TABLE consent_events (
    seq          INTEGER PRIMARY KEY,
    event_uuid   TEXT NOT NULL UNIQUE,
    contact_uuid TEXT NOT NULL,
    point_hash   TEXT NOT NULL,
    channel      TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    action       TEXT NOT NULL,
    method       TEXT NOT NULL,
    basis        TEXT NOT NULL,
    wording_id   INTEGER REFERENCES consent_wordings (id),
    wording_hash TEXT NOT NULL DEFAULT '',
    evidence     TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    occurred_at  INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX consent_events_by_contact ON consent_events (contact_uuid, seq);
CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
BEGIN
    SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead');
END;
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
BEGIN
    SELECT RAISE(ABORT, 'the consent ledger is append-only: events are never deleted');
END;

-- Current consent per (contact, channel, purpose): a projection of the ledger, written in
-- the same transaction as each event and rebuildable from it.
CREATE TABLE consent_state (
    contact_uuid  TEXT NOT NULL,
    channel       TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    status        TEXT NOT NULL,
    basis         TEXT NOT NULL,
    method        TEXT NOT NULL,
    wording_id    INTEGER NOT NULL,
    point_hash    TEXT NOT NULL,
    confirmed     INTEGER NOT NULL,
    grant_seq     INTEGER NOT NULL,
    confirm_seq   INTEGER NOT NULL,
    withdraw_seq  INTEGER NOT NULL,
    expire_seq    INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL,
    granted_at    INTEGER NOT NULL,
    confirmed_at  INTEGER NOT NULL,
    withdrawn_at  INTEGER NOT NULL,
    expired_at    INTEGER NOT NULL,
    last_event_at INTEGER NOT NULL,
    PRIMARY KEY (contact_uuid, channel, purpose)
) WITHOUT ROWID;
CREATE INDEX consent_state_by_purpose ON consent_state (purpose, channel, status);

-- The contact's preferred channel first, then fallbacks.
CREATE TABLE channel_preferences (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    channel    TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

-- Keyed hashes of identifiers of erased or objecting people, checked by the policy and on import.
CREATE TABLE suppressed_identifiers (
    identifier_hash TEXT PRIMARY KEY,
    reason          TEXT NOT NULL,
    created_at      INTEGER NOT NULL
) WITHOUT ROWID;
