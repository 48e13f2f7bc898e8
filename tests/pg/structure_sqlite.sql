-- The structure of the SQLite schema (db/*.sql applied), one line per fact, in the form
-- structure_pg.sql prints for the PostgreSQL schema: schema_test.sh compares the two.
-- contact_search (FTS5 there, a plain table here) is left out of both.
SELECT 'column ' || m.name || '.' || p.name || ' #' || p.cid || ' notnull=' || (p."notnull" OR p.pk > 0) ||
       ' default=' || coalesce(p.dflt_value, '')
  FROM sqlite_schema m, pragma_table_info(m.name) p
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'contact_search%'
UNION ALL
SELECT 'primary key ' || m.name || ' (' ||
       (SELECT group_concat(name, ',') FROM (SELECT p.name FROM pragma_table_info(m.name) p WHERE p.pk > 0 ORDER BY p.pk)) || ')'
  FROM sqlite_schema m
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'contact_search%'
   AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.pk > 0)
UNION ALL
SELECT CASE WHEN il.origin = 'u' THEN 'unique ' || m.name
            ELSE 'index ' || il.name || ' on ' || m.name || ' unique=' || il."unique" || ' partial=' || il.partial END ||
       ' (' || (SELECT group_concat(c, ',') FROM (SELECT coalesce(ii.name, '<expression>') AS c
                                                  FROM pragma_index_info(il.name) ii ORDER BY ii.seqno)) || ')'
  FROM sqlite_schema m, pragma_index_list(m.name) il
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'contact_search%' AND il.origin <> 'pk'
UNION ALL
SELECT 'foreign key ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' on delete ' || f.on_delete
  FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'
UNION ALL
SELECT 'trigger ' || name || ' on ' || tbl_name FROM sqlite_schema WHERE type = 'trigger'
ORDER BY 1;
