-- The earliest violation up to a bound, for a window that starts after the cutoff (see
-- first-violation.sql of postgresql): succeeded jobs created on or after the cutoff and before ?3
-- whose trace is missing (NULL or the empty string), oldest first, the lowest id among equals, one
-- row. The rows are first narrowed by ranges an index on created_at can serve, as scan-window.sql
-- explains; traceaudit_instant(x) then reads each one's exact instant, as violations.sql explains.
-- Status and trace compare bytewise, as scan.sql explains.
-- ?1: the succeeded status; ?2: the cutoff in microseconds; ?3: the bound in microseconds,
-- excluded; ?4, ?5: the text range; ?6, ?7: the number range.
-- The optional updated_at and correlation_id are written as tokens that traceaudit replaces with
-- NULL when the table lacks the column (the policy does not need them). The columns are those of
-- violations.sql, named first_* so that the row reads apart from the listed violations.
SELECT id AS first_id, type AS first_type, created_at AS first_created_at, {{updated_at}} AS first_updated_at,
       {{correlation_id}} AS first_correlation_id, trace_id AS first_trace_id,
       traceaudit_instant(created_at) AS created_us
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND ((created_at >= ?4 AND created_at < ?5)
       OR (created_at >= ?6 AND created_at < ?7))
  AND created_us >= ?2
  AND created_us < ?3
ORDER BY created_us, id
LIMIT 1
