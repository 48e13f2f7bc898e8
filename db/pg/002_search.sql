-- PostgreSQL: the contact search's index over the words the program writes.
-- contact_search.text holds the folded name and email words of a contact, each once, joined
-- by single spaces (store/search_text.hpp), exactly what SQLite's FTS5 table holds. The
-- search takes them as lexemes byte for byte (array_to_tsvector: no parser, no dictionary)
-- and asks for prefixes ('nun':* & 'gar':*), so both stores find the same contacts: the
-- 'simple' parser of 001's index would split or drop words FTS5 keeps (non-ASCII symbols
-- depend on the server's locale). 001's index is no longer read: dropped, as it only costs
-- each insert.
DROP INDEX contact_search_words;
CREATE INDEX contact_search_lexemes ON contact_search
    USING gin (array_to_tsvector(array_remove(string_to_array(text, ' '), '')));
