-- PostgreSQL: what a till and a manager may do, table by table (db/pg/ROLES.md lists it).
--
-- A template: the program replaces {till} and {manager} textually with the two group roles it
-- derives from the database name (e.g. shop_till, shop_manager; substitute a quoted identifier
-- when the name needs quoting) and runs it at `init`, after db/pg/*.sql, as the login that
-- owns the tables (a login with CREATEROLE, which has created both roles NOLOGIN). It starts
-- by revoking what the two roles hold on these tables, so running it again (after a new
-- migration adds a table, say) leaves exactly the grants written here.
--
-- The rules (issue #19): a till adds and edits customers, records and withdraws consent,
-- prints and binds consent forms, takes in received mail and searches; only a manager sends
-- campaigns, exports, erases, restores, adds consent wordings and changes settings. The
-- manager is a member of the till role (inherits its grants) and gets the extra grants below.
-- Nobody, the manager included, may UPDATE, DELETE or TRUNCATE consent_events or
-- consent_wordings; the append-only triggers of db/pg/001 refuse it even to their owner.
-- consent_evidence is changed only by an erasure (text to NULL, erased_at set: the manager).
--
-- Triggers that write other tables: their functions are SECURITY DEFINER (db/pg/001), so a
-- till needs no grant on what they write (consent_event_hours, wording_scope_history); the
-- till's grants on audience_reach_pending and audience_reach_state are for the program's own
-- marking and settling of the audience counts, which every till's window does.
--
-- Identity columns draw their ids without any privilege on their sequence; USAGE on the
-- sequences of the tables a role inserts into is granted all the same (nextval, currval and
-- lastval then work too). Reading is not restricted: a till serves customers and must see
-- them, so SELECT on a table does not make a command manager-only; its writes do.

-- Nothing for PUBLIC, and the ledger never changed by anyone.
REVOKE ALL ON settings, contacts, contact_tags, contact_points, contact_search, consent_wordings, consent_events,
    consent_evidence, consent_state, channel_preferences, suppressed_identifiers, campaigns, messages,
    confirmation_requests, erasure_log, processed_mail, pending_replies, wording_scopes, wording_scope_history,
    consent_forms, consent_form_events, consent_form_scans, audience_reach, audience_reach_pending,
    audience_reach_state, consent_event_hours, campaign_withdrawals FROM PUBLIC, {till}, {manager};
REVOKE UPDATE, DELETE, TRUNCATE ON consent_events, consent_wordings FROM PUBLIC, {till}, {manager};
REVOKE ALL ON SEQUENCE contacts_id_seq, contact_points_id_seq, consent_wordings_id_seq, campaigns_id_seq,
    messages_id_seq, confirmation_requests_id_seq, erasure_log_id_seq, processed_mail_id_seq, pending_replies_id_seq,
    wording_scope_history_id_seq, consent_forms_id_seq, consent_form_scans_id_seq FROM PUBLIC, {till}, {manager};

GRANT USAGE ON SCHEMA public TO {till};
GRANT {till} TO {manager};

-- ---------------------------------------------------------------------------------------
-- The till (and through membership the manager).

-- Reading: everything the window, search, the consent card and the Resumen show, except
-- the erasure log (read only by restore).
GRANT SELECT ON settings, contacts, contact_tags, contact_points, contact_search, consent_wordings, consent_events,
    consent_evidence, consent_state, channel_preferences, suppressed_identifiers, campaigns, messages,
    confirmation_requests, processed_mail, pending_replies, wording_scopes, wording_scope_history, consent_forms,
    consent_form_events, consent_form_scans, audience_reach, audience_reach_pending, audience_reach_state,
    consent_event_hours, campaign_withdrawals TO {till};

-- Customers: add, edit (name, note, tags, points and their replacement, preferences, a
-- bounce marked or cleared), and their search row. Not DELETE on contacts: that is erasure.
GRANT INSERT, UPDATE ON contacts TO {till};
GRANT INSERT, UPDATE, DELETE ON contact_points, contact_search TO {till};
GRANT INSERT, DELETE ON contact_tags, channel_preferences TO {till};

-- Consent: append events (their evidence text beside them), keep the projection.
GRANT INSERT ON consent_events, consent_evidence TO {till};
GRANT INSERT, UPDATE ON consent_state TO {till};

-- Paper forms: print, bind to a customer, the events recorded from one, the scan.
GRANT INSERT, UPDATE ON consent_forms TO {till};
GRANT INSERT ON consent_form_events, consent_form_scans TO {till};

-- Received mail (the window checks the mailbox every few minutes): each message once,
-- replies left for the owner, and the campaign an unsubscribe answered.
GRANT INSERT ON processed_mail, pending_replies, campaign_withdrawals TO {till};

-- The audience counts: the program marks contacts and settles the marks before counting.
GRANT INSERT, DELETE ON audience_reach, audience_reach_pending TO {till};
GRANT UPDATE ON audience_reach_state TO {till};

GRANT USAGE ON SEQUENCE contacts_id_seq, contact_points_id_seq, consent_forms_id_seq, consent_form_scans_id_seq,
    processed_mail_id_seq, pending_replies_id_seq TO {till};

-- ---------------------------------------------------------------------------------------
-- The manager's own.

-- Settings (shop, policy, outreach, mailbox, mailbox_state, backup_*, secrets).
GRANT INSERT, UPDATE, DELETE ON settings TO {manager};
-- Consent wordings (legal texts) and what each is for; the history is kept by a trigger.
GRANT INSERT ON consent_wordings TO {manager};
GRANT INSERT, UPDATE ON wording_scopes TO {manager};
-- Campaigns, their messages, exports (logged as messages), confirmation requests (an email).
GRANT INSERT, UPDATE ON campaigns, messages TO {manager};
GRANT INSERT ON confirmation_requests TO {manager};
-- Erasure: the contact row (points, tags, preferences, search and reach rows follow by
-- ON DELETE CASCADE or the till's grants), its evidence text blanked, message content
-- scrubbed (UPDATE messages above), confirmation requests, pending replies and form scans
-- deleted, its identifiers suppressed and the erasure logged. Readmitting a suppressed
-- customer lifts the suppression (DELETE), and a pending reply is resolved by the manager.
GRANT DELETE ON contacts, confirmation_requests, pending_replies, consent_form_scans TO {manager};
GRANT UPDATE (text, erased_at) ON consent_evidence TO {manager};
GRANT INSERT, DELETE ON suppressed_identifiers TO {manager};
GRANT SELECT, INSERT ON erasure_log TO {manager};
-- `ledger rebuild`: the projection emptied and written again from the ledger.
GRANT DELETE ON consent_state TO {manager};

GRANT USAGE ON SEQUENCE consent_wordings_id_seq, campaigns_id_seq, messages_id_seq, confirmation_requests_id_seq,
    erasure_log_id_seq TO {manager};

-- The migration runner's version table (db/pg is applied by it; it is not created here):
-- every till's program reads the version when it opens the database.
DO $$
BEGIN
    IF to_regclass('clientela_schema_version') IS NOT NULL THEN
        EXECUTE 'REVOKE ALL ON clientela_schema_version FROM PUBLIC, {till}, {manager}';
        EXECUTE 'GRANT SELECT ON clientela_schema_version TO {till}';
    END IF;
END;
$$;
