-- doctor: the audited table's size on disk and the planner's row estimate; for a partitioned
-- table, summed over its partitions (the parent holds no rows; its own estimate counts them
-- again), and whether it is one.
-- $1: the table's schema-qualified name, quoted as identifiers (never resolved on the search_path).
SELECT sum(pg_catalog.pg_total_relation_size(c.oid))::bigint,
       sum(pg_catalog.pg_relation_size(c.oid))::bigint,
       sum(greatest(c.reltuples, 0)) FILTER (WHERE c.relkind <> 'p')::bigint,
       bool_or(c.relkind = 'p' AND c.oid = pg_catalog.to_regclass($1))
FROM pg_catalog.pg_class AS c
WHERE c.oid = pg_catalog.to_regclass($1)
   OR c.oid IN (SELECT t.relid FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass($1)) AS t)
