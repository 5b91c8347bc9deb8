-- The violations check's own scan (see violation-scan.sql) over a window of created_at, narrowed as
-- scan-window.sql explains; traceaudit filters each row by its exact instant.
-- Status and trace compare bytewise, created_at in its own collation, as scan-window.sql explains.
-- ?1: the succeeded status; ?2, ?3: the text range; ?4, ?5: the number range; ?6, ?7: the
-- first and last Unix second traceaudit can read (years 0001 to 9999): numbers beyond them
-- (millisecond epochs read as seconds) are unreadable, and are read here to be counted as undated
-- rather than dropped by the ranges. A windowed scan is
-- read by one connection, so that an index on created_at can serve it.
SELECT created_at, 1 AS missing_trace, type, {{rowid}}
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND (created_at IS NULL
       OR (created_at >= ?2 AND created_at < ?3)
       OR (created_at >= ?4 AND created_at < ?5)
       OR created_at < ?6 OR (created_at >= ?7 AND created_at < ''))
