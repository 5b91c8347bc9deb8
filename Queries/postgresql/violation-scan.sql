-- The violations check's own scan: succeeded jobs in the window whose trace is missing (NULL or
-- the empty string), grouped by era (0 undated: NULL or infinite created_at, 1 legacy, 2 since
-- the cutoff) and type, with the first and last created_at. The session's TimeZone is UTC. With
-- the partial index `traceaudit doctor` suggests, only those jobs are read: its predicate is
-- repeated as it is, then status and trace are compared bytewise (COLLATE "C", see scan.sql).
-- The UNION ALL with a branch that returns nothing hides the columns' statistics from the group
-- estimate, so the planner hash-aggregates in parallel workers (see scan.sql).
-- $1: the succeeded status; $2: the cutoff; $3, $4: the window's start and end, NULL when open.
SELECT CASE WHEN created_at IS NULL OR NOT isfinite(created_at) THEN 0 WHEN NOT post THEN 1 ELSE 2 END AS era,
       type,
       count(*) AS total,
       min(created_at)::text AS first_violation,
       max(created_at)::text AS last_violation
FROM (
    SELECT created_at, created_at >= $2 AS post, type::text AS type
    FROM {{table}}
    WHERE status = $1 AND status::text COLLATE "C" = $1::text
      AND (trace_id IS NULL OR trace_id::text = '')
      AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
      AND (created_at IS NULL
           OR ((created_at >= $3 OR $3 IS NULL) AND (created_at < $4 OR $4 IS NULL)))
    UNION ALL
    SELECT NULL, NULL, NULL FROM {{table}} WHERE false AND status = $1
) AS missing
GROUP BY 1, 2
