-- Violations: succeeded jobs created on or after the cutoff (and in the window) whose trace is
-- missing (NULL or the empty string), newest first. traceaudit_instant(x) is traceaudit's own
-- reader of the stored timestamp forms (microseconds since the epoch, NULL when unreadable);
-- SQLite's date functions cannot read '+00' offsets.
-- Status and trace compare bytewise, as scan.sql explains.
-- ?1: the succeeded status; ?2: the later of the cutoff and the window's start, in microseconds;
-- ?3: the window's end in microseconds, NULL for none; ?4: the most rows, -1 for all.
-- The optional updated_at and correlation_id are written as tokens that traceaudit replaces with
-- NULL when the table lacks the column (the policy does not need them).
SELECT id, type, created_at, {{updated_at}}, {{correlation_id}}, trace_id,
       traceaudit_instant(created_at) AS created_us
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND created_us >= ?2
  AND (?3 IS NULL OR created_us < ?3)
ORDER BY created_us DESC, id DESC
LIMIT ?4
