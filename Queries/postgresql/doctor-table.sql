-- doctor: the audited table's size on disk and the planner's row estimate.
-- $1: the table's name, quoted as an identifier, optionally schema-qualified.
SELECT pg_catalog.pg_total_relation_size(c.oid), pg_catalog.pg_relation_size(c.oid), c.reltuples::bigint
FROM pg_catalog.pg_class AS c
WHERE c.oid = pg_catalog.to_regclass($1)
