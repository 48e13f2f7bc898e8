-- 018: the shop at a glance (the Resumen view, the status bar).
-- First: who may receive marketing today, kept up to date (the status bar and the Resumen at
-- a million customers). One row per contact and channel the policy allows for marketing,
-- with the instant that permission ends (the policy's expiry, or the largest integer when the
-- consent never expires): "how many may receive email today" is a count over the index range
-- until > now, so the passing of an expiry date needs no sweep.
--
-- The rows are computed by the program (store/audience_reach.hpp applies core/policy), not
-- by SQL. Triggers below only mark what may have changed, in the same transaction as the
-- change: a contact in audience_reach_pending, or the whole table (audience_reach_state
-- 'rebuild') when a shop setting the policy reads or the suppression list changed. The
-- program settles the marks before it counts, so a count always equals the policy's.
CREATE TABLE audience_reach (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    until      INTEGER NOT NULL,
    PRIMARY KEY (contact_id, purpose, channel)
) WITHOUT ROWID;
CREATE INDEX audience_reach_by_channel ON audience_reach (purpose, channel, until);

CREATE TABLE audience_reach_pending (
    contact_id INTEGER PRIMARY KEY
);

CREATE TABLE audience_reach_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
-- Existing databases: everything is computed once, the first time the counts are asked for.
INSERT INTO audience_reach_state (key, value) VALUES ('rebuild', 1);

-- Consent (the projection is written in the same transaction as each ledger event). A
-- contact without a marketing row in consent_state can never be sendable for marketing.
CREATE TRIGGER audience_reach_consent_insert AFTER INSERT ON consent_state WHEN NEW.purpose = 'marketing'
BEGIN
    INSERT OR IGNORE INTO audience_reach_pending (contact_id) SELECT id FROM contacts WHERE uuid = NEW.contact_uuid;
END;
CREATE TRIGGER audience_reach_consent_update AFTER UPDATE ON consent_state WHEN NEW.purpose = 'marketing' OR OLD.purpose = 'marketing'
BEGIN
    INSERT OR IGNORE INTO audience_reach_pending (contact_id) SELECT id FROM contacts WHERE uuid IN (NEW.contact_uuid, OLD.contact_uuid);
END;
CREATE TRIGGER audience_reach_consent_delete AFTER DELETE ON consent_state WHEN OLD.purpose = 'marketing'
BEGIN
    INSERT OR IGNORE INTO audience_reach_pending (contact_id) SELECT id FROM contacts WHERE uuid = OLD.contact_uuid;
END;

-- Contact points (an email or mobile removed, landline vs mobile, undeliverable). Points
-- added are marked by the program (store/contacts_repo.cpp), only for contacts with marketing
-- consent: a trigger here would cost every point of a 110 000-card import, whose new
-- customers have none.
CREATE TRIGGER audience_reach_point_update AFTER UPDATE ON contact_points
BEGIN
    INSERT OR IGNORE INTO audience_reach_pending (contact_id) VALUES (NEW.contact_id), (OLD.contact_id);
END;
CREATE TRIGGER audience_reach_point_delete AFTER DELETE ON contact_points
WHEN EXISTS (SELECT 1 FROM contacts WHERE id = OLD.contact_id)
BEGIN
    INSERT OR IGNORE INTO audience_reach_pending (contact_id) VALUES (OLD.contact_id);
END;

-- The suppression list is keyed by hashes only the program can compute: recompute all.
CREATE TRIGGER audience_reach_suppressed_insert AFTER INSERT ON suppressed_identifiers
BEGIN
    UPDATE audience_reach_state SET value = 1 WHERE key = 'rebuild';
END;
CREATE TRIGGER audience_reach_suppressed_delete AFTER DELETE ON suppressed_identifiers
BEGIN
    UPDATE audience_reach_state SET value = 1 WHERE key = 'rebuild';
END;

-- Settings the policy reads: double opt-in, expiry months and the time zone expiry is counted in.
CREATE TRIGGER audience_reach_settings_insert AFTER INSERT ON settings
WHEN NEW.key IN ('double_opt_in_required', 'expiry_months', 'time_zone')
BEGIN
    UPDATE audience_reach_state SET value = 1 WHERE key = 'rebuild';
END;
CREATE TRIGGER audience_reach_settings_update AFTER UPDATE ON settings
WHEN NEW.key IN ('double_opt_in_required', 'expiry_months', 'time_zone') AND NEW.value IS NOT OLD.value
BEGIN
    UPDATE audience_reach_state SET value = 1 WHERE key = 'rebuild';
END;
CREATE TRIGGER audience_reach_settings_delete AFTER DELETE ON settings
WHEN OLD.key IN ('double_opt_in_required', 'expiry_months', 'time_zone')
BEGIN
    UPDATE audience_reach_state SET value = 1 WHERE key = 'rebuild';
END;

-- Second: opt-ins and opt-outs per hour, for the Resumen's 12-month chart. An hour of UTC
-- is never split by a month boundary of a zone whose offset is whole hours (all of Spain's:
-- Europe/Madrid, Atlantic/Canary, Africa/Ceuta), so the program sums the hours of each
-- local month exactly. kind: 'in' for a grant or confirm on the consent basis, 'out' for a
-- withdrawal. Filled at append by the trigger below (the ledger itself is not touched).
CREATE TABLE consent_event_hours (
    hour    INTEGER NOT NULL,  -- occurred_at / 3600
    purpose TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    events  INTEGER NOT NULL,
    PRIMARY KEY (hour, purpose, channel, kind)
) WITHOUT ROWID;
INSERT INTO consent_event_hours (hour, purpose, channel, kind, events)
SELECT occurred_at / 3600, purpose, channel, CASE WHEN action = 'withdraw' THEN 'out' ELSE 'in' END, count(*)
  FROM consent_events
 WHERE action = 'withdraw' OR (action IN ('grant', 'confirm') AND basis = 'consent')
 GROUP BY 1, 2, 3, 4;
CREATE TRIGGER consent_event_hours_count AFTER INSERT ON consent_events
WHEN NEW.action = 'withdraw' OR (NEW.action IN ('grant', 'confirm') AND NEW.basis = 'consent')
BEGIN
    INSERT INTO consent_event_hours (hour, purpose, channel, kind, events)
    VALUES (NEW.occurred_at / 3600, NEW.purpose, NEW.channel, CASE WHEN NEW.action = 'withdraw' THEN 'out' ELSE 'in' END, 1)
    ON CONFLICT (hour, purpose, channel, kind) DO UPDATE SET events = events + 1;
END;

-- Third: which campaign a withdrawal answered (a reply to a campaign's message, its
-- one-click URL), for the Resumen's "last campaigns" (sent, failed, unsubscribed). Outside
-- the ledger: the event's evidence says it in words, this says it as a key.
CREATE TABLE campaign_withdrawals (
    event_seq   INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id)
);
CREATE INDEX campaign_withdrawals_by_campaign ON campaign_withdrawals (campaign_id);
