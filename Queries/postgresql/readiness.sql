-- readiness' single scan: succeeded jobs grouped by the UTC day on which they succeeded
-- (updated_at, else created_at where updated_at is NULL or infinite; date_bin, and the session's
-- TimeZone is UTC) and, from $3 on, by type, with how many lack a trace (NULL or the empty
-- string), how many of those were created on or after the cutoff (violations) and how many were
-- dated by created_at. Jobs whose created_at is NULL or infinite are undated (day_number NULL).
-- The UNION ALL with a branch that returns nothing hides the columns' statistics from the group
-- estimate, so the planner hash-aggregates in parallel workers (see scan.sql).
-- $1: the succeeded status; $2: the cutoff; $3: the first instant whose job types are kept.
SELECT floor(extract(epoch FROM day) / 86400)::bigint AS day_number,
       recent,
       type,
       count(*) AS succeeded,
       count(*) FILTER (WHERE missing_trace) AS missing,
       count(*) FILTER (WHERE missing_trace AND post) AS violations,
       count(*) FILTER (WHERE by_created_at) AS dated_by_created_at
FROM (
    SELECT date_bin('1 day', clock, '2000-01-01 00:00:00') AS day,
           coalesce(clock >= $3, false) AS recent,
           CASE WHEN clock >= $3 THEN type END AS type,
           missing_trace, post, by_created_at
    FROM (
        SELECT CASE WHEN created_at IS NULL OR NOT isfinite(created_at) THEN NULL
                    WHEN isfinite(updated_at) THEN updated_at
                    ELSE created_at END AS clock,
               coalesce(created_at >= $2, false) AS post,
               trace_id IS NULL OR trace_id::text = '' AS missing_trace,
               coalesce(isfinite(created_at) AND NOT coalesce(isfinite(updated_at), false), false) AS by_created_at,
               type::text AS type
        FROM {{table}}
        WHERE status = $1
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL FROM {{table}} WHERE false AND status = $1
    ) AS succeeded
) AS dated
GROUP BY day, recent, type
