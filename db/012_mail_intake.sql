-- Received mail taken in (unsubscribe --mbox/--maildir, mailbox check). processed_mail
-- remembers every message once, by its place in an IMAP folder (folder, UIDVALIDITY, UID)
-- and by its Message-ID (or a hash of its bytes when it has none), under unique keys, so a
-- second run or a second till taking in the same mailbox does nothing. It holds no personal
-- data. pending_replies are replies nobody could classify, kept for the owner to decide:
-- they are personal data, deleted when the customer is erased (by contact and by address).
CREATE TABLE processed_mail (
    id           INTEGER PRIMARY KEY,
    folder       TEXT NOT NULL DEFAULT '',
    uidvalidity  INTEGER NOT NULL DEFAULT 0,
    uid          INTEGER NOT NULL DEFAULT 0,     -- 0: not from an IMAP folder
    message_key  TEXT NOT NULL,                  -- "mid:<HMAC of the Message-ID>", else "sha256:<hex of the bytes>"
    outcome      TEXT NOT NULL,
    processed_at INTEGER NOT NULL                -- seconds since 1970-01-01 UTC
);
CREATE UNIQUE INDEX processed_mail_message ON processed_mail (message_key);
CREATE UNIQUE INDEX processed_mail_uid ON processed_mail (folder, uidvalidity, uid) WHERE uid <> 0;

CREATE TABLE pending_replies (
    id             INTEGER PRIMARY KEY,
    contact_uuid   TEXT NOT NULL DEFAULT '',     -- '' when no customer uses the address
    from_address   TEXT NOT NULL DEFAULT '',
    subject        TEXT NOT NULL DEFAULT '',
    sent_date      TEXT NOT NULL DEFAULT '',     -- the Date header as written
    message_id     TEXT NOT NULL DEFAULT '',
    in_reply_to    TEXT NOT NULL DEFAULT '',
    reply_text     TEXT NOT NULL DEFAULT '',     -- the sender's own text, cut to 4 KB
    classification TEXT NOT NULL DEFAULT 'unclassified',
    detail         TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    received_at    INTEGER NOT NULL              -- when it was taken in, seconds since 1970-01-01 UTC
);
CREATE INDEX pending_replies_contact ON pending_replies (contact_uuid);
CREATE INDEX pending_replies_from ON pending_replies (lower(from_address));
