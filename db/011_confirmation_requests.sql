-- 011: double opt-in by email. Each confirmation email sent to a customer with a pending
-- remote grant is remembered here by its Message-ID, so a reply that names it (In-Reply-To
-- or References) confirms exactly that grant. The email itself is in the message log as a
-- service message; the row goes when the customer is erased.
CREATE TABLE confirmation_requests (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages (id),
    provider_id  TEXT NOT NULL UNIQUE,       -- "<...@...>" as in the Message-ID header
    contact_uuid TEXT NOT NULL,
    channel      TEXT NOT NULL,              -- the consent it confirms
    purpose      TEXT NOT NULL CHECK (purpose IN ('marketing', 'service')),
    grant_seq    INTEGER NOT NULL,           -- the grant it asks to confirm
    created_at   INTEGER NOT NULL
);
CREATE INDEX confirmation_requests_by_contact ON confirmation_requests (contact_uuid);
-- A reply names the message it answers (In-Reply-To, References): found by its Message-ID.
CREATE INDEX messages_by_provider_id ON messages (provider_id) WHERE provider_id <> '';
