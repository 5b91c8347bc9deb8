-- The violations check's own scan (see violation-scan.sql) over a window of created_at, narrowed as
-- scan-window.sql explains; traceaudit filters each row by its exact instant.
-- ?1: the succeeded status; ?2, ?3: the first and last rowid; ?4, ?5: the text range; ?6, ?7:
-- the number range.
SELECT created_at, 1 AS missing_trace, type, rowid
FROM {{table}}
WHERE status = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND rowid BETWEEN ?2 AND ?3
  AND (created_at IS NULL
       OR (created_at >= ?4 AND created_at < ?5)
       OR (created_at >= ?6 AND created_at < ?7))
