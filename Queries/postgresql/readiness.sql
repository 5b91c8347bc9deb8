-- readiness' single scan: succeeded jobs grouped by the UTC day on which they succeeded
-- (the later of updated_at and created_at: a job cannot succeed before it was created, so an
-- updated_at earlier than created_at, clock skew, does not move a job out of the window; created_at
-- where updated_at is NULL or infinite; date_bin, and the session's TimeZone is UTC) and, from $3
-- on, by type, with how many lack a trace (NULL or the empty string), how many of those were
-- created on or after the cutoff (violations), how many were dated by created_at for want of an
-- updated_at, and how many have an updated_at earlier than created_at (clock_skew). Jobs whose
-- created_at is NULL or infinite are undated (day_number NULL). Status and trace are compared
-- bytewise (COLLATE "C"), after the comparison in the column's own collation (see scan.sql).
-- The UNION ALL with a branch that returns nothing hides the columns' statistics from the group
-- estimate, so the planner hash-aggregates in parallel workers (see scan.sql).
-- $1: the succeeded status; $2: the cutoff; $3: the first instant whose job types are kept.
SELECT floor(extract(epoch FROM day) / 86400)::bigint AS day_number,
       recent,
       type,
       count(*) AS succeeded,
       count(*) FILTER (WHERE missing_trace) AS missing,
       count(*) FILTER (WHERE missing_trace AND post) AS violations,
       count(*) FILTER (WHERE by_created_at) AS dated_by_created_at,
       count(*) FILTER (WHERE skewed) AS clock_skew
FROM (
    SELECT date_bin('1 day', clock, '2000-01-01 00:00:00') AS day,
           coalesce(clock >= $3, false) AS recent,
           CASE WHEN clock >= $3 THEN type END AS type,
           missing_trace, post, by_created_at, skewed
    FROM (
        SELECT CASE WHEN created_at IS NULL OR NOT isfinite(created_at) THEN NULL
                    WHEN isfinite(updated_at) THEN greatest(updated_at, created_at)
                    ELSE created_at END AS clock,
               coalesce(created_at >= $2, false) AS post,
               trace_id IS NULL OR trace_id::text COLLATE "C" = '' AS missing_trace,
               coalesce(isfinite(created_at) AND NOT coalesce(isfinite(updated_at), false), false) AS by_created_at,
               coalesce(isfinite(created_at) AND isfinite(updated_at) AND updated_at < created_at, false) AS skewed,
               type::text AS type
        FROM {{table}}
        WHERE status = $1 AND status::text COLLATE "C" = $1::text
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL FROM {{table}} WHERE false AND status = $1
    ) AS succeeded
) AS dated
GROUP BY day, recent, type
