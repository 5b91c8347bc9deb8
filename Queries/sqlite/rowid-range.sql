-- The table's first and last rowid, to split the scan between threads. It also takes the read
-- lock that keeps writers out until the audit ends.
SELECT min(rowid), max(rowid) FROM {{table}}
