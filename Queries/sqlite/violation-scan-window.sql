-- The violations check's own scan (see violation-scan.sql) over a window of created_at, narrowed as
-- scan-window.sql explains; traceaudit filters each row by its exact instant.
-- Status and trace compare bytewise, created_at in its own collation, as scan-window.sql explains.
-- ?1: the succeeded status; ?2, ?3: the text range; ?4, ?5: the number range. A windowed scan is
-- read by one connection, so that an index on created_at can serve it.
SELECT created_at, 1 AS missing_trace, type, {{rowid}}
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND (created_at IS NULL
       OR (created_at >= ?2 AND created_at < ?3)
       OR (created_at >= ?4 AND created_at < ?5))
