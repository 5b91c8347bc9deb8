-- readiness' single scan (see readiness.sql) for a table without an updated_at timestamp: every
-- job is dated by created_at. Jobs whose created_at is NULL or infinite are undated. Status and
-- trace are compared bytewise (COLLATE "C"), as readiness.sql explains.
-- $1: the succeeded status; $2: the cutoff; $3: the first instant whose job types are kept.
SELECT floor(extract(epoch FROM day) / 86400)::bigint AS day_number,
       recent,
       type,
       count(*) AS succeeded,
       count(*) FILTER (WHERE missing_trace) AS missing,
       count(*) FILTER (WHERE missing_trace AND post) AS violations,
       0::bigint AS dated_by_created_at,
       0::bigint AS clock_skew
FROM (
    SELECT date_bin('1 day', clock, '2000-01-01 00:00:00') AS day,
           coalesce(clock >= $3, false) AS recent,
           CASE WHEN clock >= $3 THEN type END AS type,
           missing_trace, post
    FROM (
        SELECT CASE WHEN isfinite(created_at) THEN created_at END AS clock,
               coalesce(created_at >= $2, false) AS post,
               trace_id IS NULL OR trace_id::text COLLATE "C" = '' AS missing_trace,
               type::text AS type
        FROM {{table}}
        WHERE status = $1 AND status::text COLLATE "C" = $1::text
        UNION ALL
        SELECT NULL, NULL, NULL, NULL FROM {{table}} WHERE false AND status = $1
    ) AS succeeded
) AS dated
GROUP BY day, recent, type
