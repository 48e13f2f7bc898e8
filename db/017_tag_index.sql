-- 017: the customers with one tag, for the list's tag filter (and campaign audiences by
-- tag): contact_tags' key is (contact_id, tag), which cannot find a tag's customers without
-- reading every row. This index gives them in id order, as the filter intersects them with
-- the search's matches.
CREATE INDEX contact_tags_by_tag ON contact_tags (tag, contact_id);
