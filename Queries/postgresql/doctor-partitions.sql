-- doctor: the partitions of a partitioned table (none for a plain one), each with its bounds, its
-- size, the planner's row estimate and its indexes, one row per partition and index.
-- $1: the table's schema-qualified name, quoted as identifiers (never resolved on the search_path).
SELECT c.oid::regclass::text,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid),
       pg_catalog.pg_total_relation_size(c.oid),
       pg_catalog.pg_relation_size(c.oid),
       greatest(c.reltuples, 0)::bigint,
       i.relname,
       pg_catalog.pg_get_indexdef(x.indexrelid),
       pg_catalog.pg_relation_size(x.indexrelid)
FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass($1)) AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.relid
LEFT JOIN pg_catalog.pg_index AS x ON x.indrelid = c.oid
LEFT JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid
WHERE t.level > 0
ORDER BY t.level, c.oid::regclass::text, i.relname
