-- The structure of the PostgreSQL schema (db/pg/*.sql applied), in the lines
-- structure_sqlite.sql prints for SQLite's; the TRUNCATE guards (PostgreSQL only) left out.
SELECT line FROM (
SELECT 'column ' || table_name || '.' || column_name || ' #' || (ordinal_position - 1) ||
       ' notnull=' || (is_nullable = 'NO')::int ||
       ' default=' || coalesce(regexp_replace(column_default, '::(text|bigint|integer)$', ''), '') AS line
  FROM information_schema.columns
 WHERE table_schema = 'public' AND table_name <> 'contact_search' AND table_name <> 'clientela_schema_version'
UNION ALL
SELECT CASE c.contype WHEN 'p' THEN 'primary key ' ELSE 'unique ' END || t.relname || ' (' ||
       (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) || ')'
  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = 'public' AND c.contype IN ('p', 'u') AND t.relname <> 'contact_search'
   AND t.relname <> 'clientela_schema_version'
UNION ALL
SELECT 'index ' || i.relname || ' on ' || t.relname || ' unique=' || ix.indisunique::int ||
       ' partial=' || (ix.indpred IS NOT NULL)::int || ' (' ||
       (SELECT string_agg(coalesce(a.attname, '<expression>'), ',' ORDER BY k.ord)
          FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0) || ')'
  FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = 'public' AND t.relname <> 'contact_search'
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u'))
UNION ALL
SELECT 'foreign key ' || t.relname || '.' || a.attname || ' -> ' || r.relname || '.' || ra.attname || ' on delete ' ||
       CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                          WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
  JOIN pg_attribute ra ON ra.attrelid = r.oid AND ra.attnum = c.confkey[1]
 WHERE n.nspname = 'public' AND c.contype = 'f' AND t.relname <> 'contact_search'
UNION ALL
SELECT 'trigger ' || tg.tgname || ' on ' || t.relname
  FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = 'public' AND NOT tg.tgisinternal AND tg.tgname NOT LIKE '%\_no\_truncate'
   -- PostgreSQL's change notices (db/pg/003_notify.sql); SQLite has PRAGMA data_version instead.
   AND tg.tgname NOT LIKE '%\_notify\_change'
) AS facts
ORDER BY line COLLATE "C";
