-- The single scan (see scan.sql) of a table that has no rowid to split it by: a view, a WITHOUT
-- ROWID or virtual table, or a table whose user columns take all of rowid, oid and _rowid_. One
-- connection reads every row; the violation rows are then read by violations.sql.
-- ?1: the succeeded status.
SELECT created_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type,
       NULL AS rowid
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
