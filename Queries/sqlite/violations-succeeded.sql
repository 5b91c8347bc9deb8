-- Violations by when the job succeeded, for the log cross-check: succeeded jobs created on or
-- after the cutoff whose trace is missing (NULL or the empty string) and whose success lies in the
-- window, newest success first. A succeeded job's success is its updated_at when that is
-- readable, else its created_at: a job created before the logs begin may succeed inside them;
-- and never before its created_at (an earlier updated_at is clock skew; max() is NULL when
-- created_at is unreadable, and such a job is no violation here).
-- traceaudit_instant(x) is traceaudit's own timestamp reader (NULL when unreadable), as
-- violations.sql explains. Status and trace compare bytewise, as scan.sql explains.
-- The optional updated_at and correlation_id are written as tokens, as violations.sql explains
-- (this statement runs only for a table with updated_at).
-- ?1: the succeeded status; ?2: the cutoff in microseconds; ?3: the window's start in
-- microseconds, NULL for none; ?4: the window's end in microseconds, NULL for none.
SELECT id, type, created_at, {{updated_at}}, {{correlation_id}}, trace_id,
       traceaudit_instant(created_at) AS created_us,
       max(coalesce(traceaudit_instant({{updated_at}}), traceaudit_instant(created_at)), traceaudit_instant(created_at)) AS succeeded_us
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND created_us >= ?2
  AND (?3 IS NULL OR succeeded_us >= ?3)
  AND (?4 IS NULL OR succeeded_us < ?4)
ORDER BY succeeded_us DESC, id DESC
