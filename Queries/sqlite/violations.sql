-- Violations: succeeded jobs created on or after the cutoff whose trace is missing (NULL or the
-- empty string), newest first. traceaudit_instant(x) is traceaudit's own reader of the stored
-- timestamp forms (microseconds since the epoch, NULL when unreadable); SQLite's date functions
-- cannot read '+00' offsets. The text range test only narrows the rows it must read: every
-- readable text timestamp on or after the cutoff sorts after the cutoff's date minus two days.
-- ?1: the succeeded status; ?2: the cutoff in microseconds; ?3: that date minus two days,
-- 'YYYY-MM-DD'; ?4: the most rows to return, -1 for all.
SELECT id, type, created_at, updated_at, correlation_id, trace_id,
       traceaudit_instant(created_at) AS created_us
FROM {{table}}
WHERE status = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (typeof(created_at) <> 'text' OR created_at >= ?3)
  AND traceaudit_instant(created_at) >= ?2
ORDER BY created_us DESC, id DESC
LIMIT ?4
