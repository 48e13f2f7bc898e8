-- 001: settings, contacts, contact points and the search index.
-- Times are INTEGER seconds since 1970-01-01 UTC.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    given_name   TEXT NOT NULL DEFAULT '',
    family_name  TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT 'es',
    -- accent- and case-folded display name: sort order and short-prefix search
    sort_key     TEXT NOT NULL,
    source_kind  TEXT NOT NULL CHECK (source_kind IN ('manual', 'import', 'demo')),
    source_file  TEXT NOT NULL DEFAULT '',
    source_line  INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX contacts_by_sort_key ON contacts (sort_key, id);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;

CREATE TABLE contact_points (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'postal')),
    raw_value  TEXT NOT NULL,
    normalized TEXT,                  -- NULL when the value could not be validated
    label      TEXT NOT NULL DEFAULT '',
    is_mobile  INTEGER NOT NULL DEFAULT 0 CHECK (is_mobile IN (0, 1)),
    is_valid   INTEGER NOT NULL CHECK (is_valid IN (0, 1)),
    problem    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_points_by_contact ON contact_points (contact_id, position);
-- The dedup key: a mobile number or an email belongs to one contact only. Landlines may be
-- shared (a family, an office), so they are not unique.
CREATE UNIQUE INDEX contact_points_unique_identity ON contact_points (normalized)
    WHERE normalized IS NOT NULL AND (kind = 'email' OR is_mobile = 1);
CREATE INDEX contact_points_by_normalized ON contact_points (normalized);

-- Word-prefix search over folded names, emails and phone digits. rowid = contacts.id.
-- The text is folded by the program; the tokenizer folds again for safety.
CREATE VIRTUAL TABLE contact_search USING fts5 (
    terms,
    tokenize = 'unicode61 remove_diacritics 2'
);
