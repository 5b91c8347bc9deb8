-- The table's first and last rowid, to split the scan between threads (each a separate subquery,
-- so SQLite reads one b-tree entry for each rather than the whole table). It also takes the read
-- lock that keeps writers out until the audit ends. The rowid is named by the first of rowid, oid, _rowid_
-- that no user column of the table takes (a column named rowid holds its own values, not the rowid).
SELECT (SELECT min({{rowid}}) FROM {{table}}), (SELECT max({{rowid}}) FROM {{table}})
