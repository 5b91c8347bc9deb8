-- The table's first and last rowid, to split the scan between threads (each a separate subquery,
-- so SQLite reads one b-tree entry for each rather than the whole table). It also takes the read
-- lock that keeps writers out until the audit ends.
SELECT (SELECT min(rowid) FROM {{table}}), (SELECT max(rowid) FROM {{table}})
