-- Undated jobs without a trace, for a table read without a rowid (a view, a WITHOUT ROWID table):
-- succeeded jobs whose trace is missing and whose created_at is NULL or unreadable by
-- traceaudit_instant(x), traceaudit's own timestamp reader, highest id first. Read only when the
-- scan counted any.
-- ?1: the succeeded status; ?2: the most rows, -1 for all.
SELECT id
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND traceaudit_instant(created_at) IS NULL
ORDER BY id DESC
LIMIT ?2
