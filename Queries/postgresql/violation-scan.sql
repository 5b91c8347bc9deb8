-- The violations check's own scan: succeeded jobs in the window whose trace is missing (NULL or
-- the empty string), grouped by era (0 undated, 1 legacy, 2 since the cutoff) and type, with the
-- first and last created_at. The session's TimeZone is UTC.
-- $1: the succeeded status; $2: the cutoff; $3, $4: the window's start and end, NULL when open.
SELECT CASE WHEN created_at IS NULL OR NOT isfinite(created_at) THEN 0
            WHEN created_at < $2 THEN 1 ELSE 2 END AS era,
       type::text AS type,
       count(*) AS total,
       min(created_at)::text AS first_violation,
       max(created_at)::text AS last_violation
FROM {{table}}
WHERE status = $1
  AND (trace_id IS NULL OR trace_id::text = '')
  AND (created_at IS NULL
       OR ((created_at >= $3 OR $3 IS NULL) AND (created_at < $4 OR $4 IS NULL)))
GROUP BY 1, 2
