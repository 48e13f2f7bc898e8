-- 019: phone numbers are found through B-tree indexes on the contact point, no longer
-- through words in the full-text index. A number is found by its start (national digits,
-- or with the country code: the E.164 value) or by its end (the national digits reversed),
-- each a range query (search_digits >= '612' AND search_digits < '613'). The full-text
-- index keeps only folded name and email words: an import writes a third as many index
-- entries, and erasing a customer's number removes it with the point row.
-- clientela_phone_search_digits, clientela_reversed and clientela_search_words are the
-- program's own functions (store/search_text.hpp), registered on every connection.
ALTER TABLE contact_points ADD COLUMN search_digits TEXT;    -- phones: national digits, or the digits as written
ALTER TABLE contact_points ADD COLUMN search_reversed TEXT;  -- the same, reversed: a number's end
UPDATE contact_points SET search_digits = clientela_phone_search_digits(is_valid, normalized, raw_value)
    WHERE kind = 'phone';
UPDATE contact_points SET search_reversed = clientela_reversed(search_digits) WHERE search_digits IS NOT NULL;
CREATE INDEX contact_points_by_search_digits ON contact_points (search_digits, contact_id)
    WHERE search_digits IS NOT NULL;
CREATE INDEX contact_points_by_search_reversed ON contact_points (search_reversed, contact_id)
    WHERE search_reversed IS NOT NULL;
-- With the country code: a range on the E.164 value ('+34612' <= normalized < '+34613').
CREATE INDEX contact_points_by_phone ON contact_points (normalized, contact_id)
    WHERE kind = 'phone' AND is_valid = 1;

-- The full-text index again, from names and emails only (as the program writes it now): a
-- new table, so no segment of the old one, with the phone words, stays behind.
CREATE VIRTUAL TABLE contact_search_new USING fts5 (
    terms,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO contact_search_new (rowid, terms)
SELECT c.id,
       clientela_search_words(c.display_name, c.given_name || ' ' || c.family_name,
                              (SELECT group_concat(CASE WHEN p.is_valid = 1 THEN p.normalized ELSE p.raw_value END, ' ')
                                 FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'email'))
  FROM contacts c
 WHERE c.id IN (SELECT rowid FROM contact_search);
DROP TABLE contact_search;
ALTER TABLE contact_search_new RENAME TO contact_search;
