-- Violations: succeeded jobs created on or after the cutoff whose trace is missing (NULL or the
-- empty string), newest first, every value as text. The session's TimeZone is UTC.
-- $1: the succeeded status; $2: the cutoff, 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC; $3: the most
-- rows to return, NULL for all.
SELECT id::text, type::text, created_at::text, updated_at::text, correlation_id::text, trace_id::text
FROM {{table}}
WHERE status = $1
  AND (trace_id IS NULL OR trace_id::text = '')
  AND created_at >= $2
  AND isfinite(created_at)
ORDER BY created_at DESC, id DESC
LIMIT $3
