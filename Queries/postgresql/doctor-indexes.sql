-- doctor: the audited table's indexes, with their definitions and sizes.
-- $1: the table's schema-qualified name, quoted as identifiers (never resolved on the search_path).
SELECT i.relname, pg_catalog.pg_get_indexdef(x.indexrelid), pg_catalog.pg_relation_size(x.indexrelid)
FROM pg_catalog.pg_index AS x
JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid
WHERE x.indrelid = pg_catalog.to_regclass($1)
ORDER BY i.relname
