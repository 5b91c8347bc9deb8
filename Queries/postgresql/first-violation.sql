-- The earliest violation up to a bound, for a window that starts after the cutoff (the scan reads
-- only the window): succeeded jobs created on or after the cutoff and before $3 whose trace is
-- missing (NULL or the empty string), oldest first, the lowest id among equals, one row. $3 is
-- the window's start; when the scan counted violations in the window, the instant just after the
-- first of them, so the row is the first of all: before the window, or the window's own first.
-- Status and trace are compared bytewise (COLLATE "C") after the comparisons that repeat the
-- partial index `traceaudit doctor` suggests (created_at WHERE status = 'succeeded' AND (trace_id
-- IS NULL OR trace_id::text = '')): with it, the answer is its first entry from the cutoff on. The
-- session's TimeZone is UTC and its search_path pg_catalog. The optional updated_at and
-- correlation_id are written as tokens, as violations.sql explains. The columns are those of
-- violations.sql, named first_* so that the row reads apart from the listed violations.
-- $1: the succeeded status; $2: the cutoff; $3: the bound, excluded.
SELECT id::text AS first_id, type::text AS first_type, created_at::text AS first_created_at,
       {{updated_at}}::text AS first_updated_at, {{correlation_id}}::text AS first_correlation_id,
       trace_id::text AS first_trace_id
FROM {{table}}
WHERE status = $1 AND status::text COLLATE "C" = $1::text
  AND (trace_id IS NULL OR trace_id::text = '')
  AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
  AND created_at >= $2
  AND created_at < $3
ORDER BY created_at, id
LIMIT 1
