-- The violations check's own scan (see violation-scan.sql) of a table that has no rowid to split
-- it by, as scan-table.sql explains.
-- ?1: the succeeded status.
SELECT created_at, 1 AS missing_trace, type, NULL AS rowid
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
