-- 016: printed consent forms and the scans of signed ones. A form's code is printed on the
-- paper (text and QR code) and becomes the evidence of the events recorded from it, so the
-- paper and the ledger point at each other. Outside the ledger: the ledger tables stay
-- append-only and untouched.
CREATE TABLE consent_forms (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,       -- 9 characters, check character last (core/form_code.hpp)
    contact_uuid TEXT,                       -- NULL: printed blank, until recorded for a customer
    wording_ids  TEXT NOT NULL,              -- the wordings printed, comma-separated ids in print order
    channels     TEXT NOT NULL,              -- the channels with a tick box, comma-separated names
    language     TEXT NOT NULL DEFAULT 'es',
    printed_at   INTEGER NOT NULL,           -- UTC seconds
    printed_by   TEXT NOT NULL,
    bound_at     INTEGER                     -- when a blank form was recorded for a customer
);
CREATE INDEX consent_forms_contact ON consent_forms (contact_uuid);

-- The consent events recorded from a form (one per ticked channel).
CREATE TABLE consent_form_events (
    form_id   INTEGER NOT NULL REFERENCES consent_forms (id),
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (form_id, event_seq)
);

-- Scans or photos of signed forms, kept in the database so backups and other tills have
-- them; personal data: deleted with the customer on erasure.
CREATE TABLE consent_form_scans (
    id           INTEGER PRIMARY KEY,
    form_id      INTEGER NOT NULL REFERENCES consent_forms (id),
    contact_uuid TEXT NOT NULL,
    mime_type    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    added_at     INTEGER NOT NULL
);
CREATE INDEX consent_form_scans_contact ON consent_form_scans (contact_uuid);
