-- Violations over a window of created_at (see violations.sql), the rows first narrowed by ranges
-- an index on created_at can serve, as scan-window.sql explains.
-- Status and trace compare bytewise, created_at in its own collation, as scan-window.sql explains.
-- ?1: the succeeded status; ?2: the later of the cutoff and the window's start, in microseconds;
-- ?3: the window's end in microseconds, NULL for none; ?4: the most rows, -1 for all;
-- ?5, ?6: the text range; ?7, ?8: the number range.
-- The optional updated_at and correlation_id are written as tokens that traceaudit replaces with
-- NULL when the table lacks the column (the policy does not need them).
SELECT id, type, created_at, {{updated_at}}, {{correlation_id}}, trace_id,
       traceaudit_instant(created_at) AS created_us
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND ((created_at >= ?5 AND created_at < ?6)
       OR (created_at >= ?7 AND created_at < ?8))
  AND created_us >= ?2
  AND (?3 IS NULL OR created_us < ?3)
ORDER BY created_us DESC, id DESC
LIMIT ?4
