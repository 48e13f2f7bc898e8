-- 004: campaigns and the message log: what was sent or exported, for whom, on which
-- channel and purpose, and which consent event authorised it.
-- A message keeps the contact's UUID (not its row id) so the log outlives an erasure; the
-- personal content (recipient, subject, body) is blanked when the contact is erased.

CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    purpose       TEXT NOT NULL CHECK (purpose IN ('marketing', 'service')),
    channels      TEXT NOT NULL,              -- comma-separated channel names, in order
    subject       TEXT NOT NULL DEFAULT '',
    body_text     TEXT NOT NULL DEFAULT '',
    body_html     TEXT NOT NULL DEFAULT '',
    wa_template   TEXT NOT NULL DEFAULT '',   -- approved WhatsApp template name
    wa_language   TEXT NOT NULL DEFAULT 'es',
    wa_parameters TEXT NOT NULL DEFAULT '',   -- JSON array of body parameters
    audience_tags TEXT NOT NULL DEFAULT '',   -- comma-separated; empty = everyone allowed
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER NOT NULL DEFAULT 0  -- 0 until the first send
);

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    contact_uuid TEXT NOT NULL,
    channel      TEXT NOT NULL,
    purpose      TEXT NOT NULL CHECK (purpose IN ('marketing', 'service')),
    kind         TEXT NOT NULL CHECK (kind IN ('sent', 'exported')),
    status       TEXT NOT NULL CHECK (status = 'queued' OR status = 'sent' OR status = 'failed' OR status = 'exported'),
    campaign_id  INTEGER REFERENCES campaigns (id),
    consent_seq  INTEGER NOT NULL DEFAULT 0,  -- the authorising consent event (0: none)
    basis        TEXT NOT NULL DEFAULT '',    -- consent basis the policy accepted
    destination  TEXT NOT NULL DEFAULT '',    -- where: export file name, provider
    recipient    TEXT NOT NULL DEFAULT '',    -- personal: address or number (blanked on erase)
    subject      TEXT NOT NULL DEFAULT '',    -- personal content (blanked on erase)
    provider_id  TEXT NOT NULL DEFAULT '',    -- SMTP Message-ID or WhatsApp message id
    error        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX messages_by_contact ON messages (contact_uuid, id);
CREATE INDEX messages_by_campaign ON messages (campaign_id, status);
