-- The columns of the audited table, their types and whether the audit's role may read them, to
-- name any the audit needs and cannot read, and to leave out of the report the optional ones it
-- cannot; with each type's base type (through any domains) and its category ('S' string), so that
-- a trace_id whose missing value the policy does not define (jsonb, bytea, …) is refused; and the
-- relation's kind, so that a materialized view (rows as of its last refresh, filtered for whoever
-- refreshed it) is refused.
-- No rows: the table does not exist.
-- $1: the table's schema-qualified name, quoted as identifiers (never resolved on the search_path).
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
       pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT'),
       base.name, base.category,
       (SELECT c.relkind::text FROM pg_catalog.pg_class AS c WHERE c.oid = a.attrelid)
FROM pg_catalog.pg_attribute AS a
CROSS JOIN LATERAL (
    WITH RECURSIVE chain(oid, depth) AS (
        SELECT a.atttypid, 0
        UNION ALL
        SELECT t.typbasetype, chain.depth + 1
        FROM pg_catalog.pg_type AS t JOIN chain ON t.oid = chain.oid
        WHERE t.typtype = 'd'
    )
    SELECT pg_catalog.format_type(t.oid, NULL) AS name, t.typcategory::text AS category
    FROM chain JOIN pg_catalog.pg_type AS t ON t.oid = chain.oid
    ORDER BY chain.depth DESC
    LIMIT 1
) AS base
WHERE a.attrelid = pg_catalog.to_regclass($1)
  AND a.attnum > 0
  AND NOT a.attisdropped
