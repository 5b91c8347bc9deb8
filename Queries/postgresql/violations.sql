-- Violations: succeeded jobs created on or after the cutoff and in the window whose trace is
-- missing (NULL or the empty string), newest first, every value as text. TimeZone is UTC. Status
-- and trace are compared bytewise (COLLATE "C"), after the comparisons an index may serve.
-- The optional updated_at and correlation_id are written as tokens that traceaudit replaces with
-- NULL when the table lacks the column (the policy does not need them).
-- $1: the succeeded status; $2: the later of the cutoff and the window's start; $3: the window's
-- end, NULL when open; $4: the most rows, NULL for all.
SELECT id::text, type::text, created_at::text, {{updated_at}}::text, {{correlation_id}}::text, trace_id::text
FROM {{table}}
WHERE status = $1 AND status::text COLLATE "C" = $1::text
  AND (trace_id IS NULL OR trace_id::text = '')
  AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
  AND created_at >= $2
  AND (created_at < $3 OR $3 IS NULL)
  AND isfinite(created_at)
ORDER BY created_at DESC, id DESC
LIMIT $4
