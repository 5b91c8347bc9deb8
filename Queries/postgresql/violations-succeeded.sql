-- Violations by when the job succeeded, for the log cross-check: succeeded jobs created on or
-- after the cutoff whose trace is missing (NULL or the empty string) and whose success lies in the
-- window, newest success first, every value as text. A succeeded job's success is its updated_at
-- when that is a finite timestamp, else its created_at: a job created before the logs begin may
-- succeed inside them; and never before its created_at (an earlier updated_at is clock skew). TimeZone is UTC. Status and trace are compared bytewise (COLLATE "C"),
-- after the comparisons an index may serve. The optional updated_at and correlation_id are
-- written as tokens, as violations.sql explains (this statement runs only for a table whose
-- updated_at is a timestamp).
-- $1: the succeeded status; $2: the cutoff; $3: the window's start, NULL when open; $4: the
-- window's end, NULL when open.
SELECT id::text, type::text, created_at::text, {{updated_at}}::text, {{correlation_id}}::text, trace_id::text
FROM {{table}}
WHERE status = $1 AND status::text COLLATE "C" = $1::text
  AND (trace_id IS NULL OR trace_id::text = '')
  AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
  AND created_at >= $2
  AND isfinite(created_at)
  AND (COALESCE(CASE WHEN isfinite({{updated_at}}) THEN greatest({{updated_at}}, created_at) END, created_at) >= $3 OR $3 IS NULL)
  AND (COALESCE(CASE WHEN isfinite({{updated_at}}) THEN greatest({{updated_at}}, created_at) END, created_at) < $4 OR $4 IS NULL)
ORDER BY COALESCE(CASE WHEN isfinite({{updated_at}}) THEN greatest({{updated_at}}, created_at) END, created_at) DESC, id DESC
