-- 006: the search index keeps 2- and 3-character prefix indexes. Search-as-you-type asks
-- for word prefixes ("mar"*): without a prefix index FTS5 merges the lists of every word
-- that starts so (tens of thousands at a million contacts, as each email adds a word of its
-- own), which took 30-50 ms; with one it reads a single list. FTS5 cannot add them to an
-- existing table, so the index is built again from the terms it stores.
CREATE VIRTUAL TABLE contact_search_new USING fts5 (
    terms,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO contact_search_new (rowid, terms) SELECT rowid, terms FROM contact_search;
DROP TABLE contact_search;
ALTER TABLE contact_search_new RENAME TO contact_search;
