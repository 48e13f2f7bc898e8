-- The marking and counting triggers of db/018 (and db/015's history), run by schema_test.sh
-- on SQLite (db/001-018 applied by sqlite3) and on PostgreSQL (db/pg/*.sql, as the manager
-- login): the same statements, and every line the SELECTs print must be the same on both.
-- Portable SQL only (ON CONFLICT upserts, no INSERT OR ..., no PRAGMA). After each step the
-- marks are printed and cleared.

INSERT INTO contacts (id, uuid, display_name, sort_key, source_kind, created_at, updated_at) VALUES
    (1, 'c1', 'Ana', 'ana', 'manual', 1, 1),
    (2, 'c2', 'Blas', 'blas', 'manual', 1, 1),
    (3, 'c3', 'Carla', 'carla', 'manual', 1, 1);
INSERT INTO contact_points (id, contact_id, kind, raw_value, normalized, is_mobile, is_valid, position) VALUES
    (1, 1, 'email', 'ana@x.es', 'ana@x.es', 0, 1, 0),
    (2, 2, 'phone', '612345678', '+34612345678', 1, 1, 0),
    (3, 3, 'email', 'carla@x.es', 'carla@x.es', 0, 1, 0),
    (4, 2, 'postal', 'Calle 1', NULL, 0, 0, 1);
INSERT INTO settings (key, value) VALUES ('shop_name', 'Tienda'), ('time_zone', 'Europe/Madrid');
DELETE FROM audience_reach_pending;
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';

-- consent_state: insert (marketing, service, unknown contact), update (status, purpose both
-- ways, contact moved), upsert, delete.
INSERT INTO consent_state VALUES ('c1', 'email', 'marketing', 'granted', 'consent', 'in_store_form', 1, 'h', 0, 1, 0, 0, 0, 1, 10, 0, 0, 0, 10);
SELECT 'a', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
INSERT INTO consent_state VALUES ('c2', 'sms', 'service', 'granted', 'consent', 'in_store_form', 1, 'h', 0, 2, 0, 0, 0, 2, 10, 0, 0, 0, 10);
SELECT 'b', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
INSERT INTO consent_state VALUES ('zz', 'email', 'marketing', 'granted', 'consent', 'in_store_form', 1, 'h', 0, 3, 0, 0, 0, 3, 10, 0, 0, 0, 10);
SELECT 'c', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE consent_state SET status = 'withdrawn' WHERE contact_uuid = 'c1' AND purpose = 'marketing';
SELECT 'd', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE consent_state SET status = 'expired' WHERE contact_uuid = 'c2';
SELECT 'e', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE consent_state SET purpose = 'marketing' WHERE contact_uuid = 'c2' AND purpose = 'service';
SELECT 'f', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE consent_state SET contact_uuid = 'c3' WHERE contact_uuid = 'c2';
SELECT 'g', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE consent_state SET purpose = 'service' WHERE contact_uuid = 'c3';
SELECT 'h', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
INSERT INTO consent_state VALUES ('c1', 'email', 'marketing', 'granted', 'consent', 'web_form', 1, 'h', 1, 4, 0, 0, 0, 4, 20, 0, 0, 0, 20)
    ON CONFLICT (contact_uuid, channel, purpose) DO UPDATE SET status = excluded.status, last_seq = excluded.last_seq;
SELECT 'i', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
DELETE FROM consent_state WHERE contact_uuid = 'c3';
SELECT 'j', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
DELETE FROM consent_state WHERE contact_uuid = 'c1';
SELECT 'k', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;

-- contact_points: an update, a point moved to another contact, a point deleted, an update
-- that matches nothing, and a contact deleted with its points (ON DELETE CASCADE).
UPDATE contact_points SET label = 'casa' WHERE id = 1;
SELECT 'l', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE contact_points SET contact_id = 3 WHERE id = 4;
SELECT 'm', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
DELETE FROM contact_points WHERE id = 2;
SELECT 'n', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
UPDATE contact_points SET label = 'x' WHERE contact_id = 999;
SELECT 'o', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;
DELETE FROM contacts WHERE id = 3;
SELECT 'p', contact_id FROM audience_reach_pending ORDER BY contact_id;
SELECT 'p-points', count(*) FROM contact_points WHERE contact_id = 3;
DELETE FROM audience_reach_pending;
INSERT INTO contact_points (id, contact_id, kind, raw_value, normalized, is_mobile, is_valid, position) VALUES
    (5, 1, 'email', 'ana2@x.es', 'ana2@x.es', 0, 1, 1);
SELECT 'q', contact_id FROM audience_reach_pending ORDER BY contact_id;
DELETE FROM audience_reach_pending;

-- suppressed_identifiers: insert, insert that conflicts (nothing inserted), delete, delete of nothing.
INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES ('hash1', 'erased', 5);
SELECT 'r', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES ('hash1', 'erased', 6)
    ON CONFLICT DO NOTHING;
SELECT 's', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
DELETE FROM suppressed_identifiers WHERE identifier_hash = 'hash1';
SELECT 't', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
DELETE FROM suppressed_identifiers WHERE identifier_hash = 'nothing';
SELECT 'u', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';

-- settings: keys the policy reads and others, inserted, upserted with the same and another
-- value, updated, renamed onto a policy key, deleted (the settings repository's upsert).
INSERT INTO settings (key, value) VALUES ('expiry_months', '24');
SELECT 'v', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
INSERT INTO settings (key, value) VALUES ('staff', 'Eva');
SELECT 'w', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
INSERT INTO settings (key, value) VALUES ('expiry_months', '24') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
SELECT 'x', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
INSERT INTO settings (key, value) VALUES ('expiry_months', '12') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
SELECT 'y', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
UPDATE settings SET value = 'Otra' WHERE key = 'shop_name';
SELECT 'z', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
UPDATE settings SET value = 'Atlantic/Canary' WHERE key = 'time_zone';
SELECT 'z1', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
INSERT INTO settings (key, value) VALUES ('double_opt_in_required', 'Eva');
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
DELETE FROM settings WHERE key = 'staff';
UPDATE settings SET key = 'double_opt_in_required_old' WHERE key = 'double_opt_in_required';
SELECT 'z2', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
INSERT INTO settings (key, value) VALUES ('staff', 'Eva');
UPDATE settings SET key = 'double_opt_in_required' WHERE key = 'staff';
SELECT 'z3', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
DELETE FROM settings WHERE key = 'shop_name';
SELECT 'z4', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';
DELETE FROM settings WHERE key = 'expiry_months';
SELECT 'z5', value FROM audience_reach_state WHERE key = 'rebuild';
UPDATE audience_reach_state SET value = 0 WHERE key = 'rebuild';

-- consent_event_hours: opt-ins and opt-outs per hour, counted at append.
INSERT INTO consent_events (seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis,
    occurred_at, recorded_at, prev_hash, hash) VALUES
    (1, 'e1', 'c1', 'h', 'email', 'marketing', 'grant', 'in_store_form', 'consent', 7200, 7200, 'g', 'h1'),
    (2, 'e2', 'c1', 'h', 'email', 'marketing', 'grant', 'in_store_form', 'consent', 7300, 7300, 'h1', 'h2'),
    (3, 'e3', 'c2', 'h', 'sms', 'marketing', 'grant', 'in_store_form', 'existing_customer', 7400, 7400, 'h2', 'h3'),
    (4, 'e4', 'c2', 'h', 'sms', 'marketing', 'confirm', 'email_reply', 'consent', 10799, 10799, 'h3', 'h4'),
    (5, 'e5', 'c1', 'h', 'email', 'marketing', 'withdraw', 'email_reply', 'consent', 10800, 10800, 'h4', 'h5'),
    (6, 'e6', 'c1', 'h', 'email', 'service', 'withdraw', 'email_reply', 'contract', 10801, 10801, 'h5', 'h6'),
    (7, 'e7', 'c1', 'h', 'email', 'marketing', 'expire', 'system', 'consent', 10802, 10802, 'h6', 'h7');
SELECT 'hours', hour, purpose, channel, kind, events FROM consent_event_hours ORDER BY hour, purpose, channel, kind;

-- wording_scopes: a correction keeps the value it replaced (db/015).
INSERT INTO consent_wordings (id, name, version, language, text, text_hash, created_at) VALUES
    (1, 'default', 1, 'es', 'Acepto', 'th', 1);
INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at, updated_by)
    VALUES (1, 'email', 'marketing', 'consent', 1, 100, 'proposed from the text');
SELECT 'history-0', count(*) FROM wording_scope_history;
INSERT INTO wording_scopes (wording_id, channels, purposes, basis, proposed, updated_at, updated_by)
    VALUES (1, 'email,sms', 'marketing', 'consent', 0, 200, 'declared') ON CONFLICT (wording_id) DO UPDATE SET
    channels = excluded.channels, purposes = excluded.purposes, basis = excluded.basis,
    proposed = excluded.proposed, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
SELECT 'history', wording_id, channels, purposes, basis, proposed, updated_at, updated_by FROM wording_scope_history;
SELECT 'scope', wording_id, channels, proposed, updated_by FROM wording_scopes;
