-- 003: contacts in UUID order with their names, read from the index alone. The audience
-- merges contacts with the consent projection (keyed by contact UUID) in this order;
-- through the UUID index alone it would look up every contact's row by id.
CREATE INDEX contacts_by_uuid_name ON contacts (uuid, display_name);
