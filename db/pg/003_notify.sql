-- PostgreSQL: tell the other tills' windows that the shop's data changed (issue #19).
--
-- Every statement that writes a table the window shows (the list, the card, the status bar)
-- sends a notification on the channel clientela_changes when its transaction commits; the
-- desktop app LISTENs on it and refreshes (store/change_watch.hpp). A rolled-back transaction
-- sends nothing. Several writes in one transaction are one notification: PostgreSQL delivers
-- a channel's identical payloads of one transaction once.
--
-- The channel is the same name in every shop's database: NOTIFY reaches only the listeners
-- connected to the database it was sent in, so two shops on one server never see each
-- other's changes (tested in tests/unit/store/change_watch_test.cpp).
--
-- Statement-level triggers: one call per statement, whatever the rows (a COPY is one call).
-- Not on the ledger tables: every consent event writes consent_state in the same transaction,
-- and `ledger verify` checks the ledger's triggers one by one. Not on what the program derives
-- (contact_search, audience_reach*, consent_event_hours, wording_scope_history): they change
-- with the tables below or while a window counts, which would wake every window again.
-- pg_notify needs no privilege and the function runs with the writer's rights: a till's
-- writes notify like a manager's.
CREATE FUNCTION clientela_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('clientela_changes', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER settings_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER contacts_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON contacts
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER contact_points_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON contact_points
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER contact_tags_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON contact_tags
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER channel_preferences_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON channel_preferences
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER consent_state_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consent_state
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER suppressed_identifiers_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON suppressed_identifiers FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER campaigns_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER messages_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON messages
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
CREATE TRIGGER consent_forms_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consent_forms
    FOR EACH STATEMENT EXECUTE FUNCTION clientela_notify_change();
