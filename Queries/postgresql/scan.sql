-- The audit's single scan: succeeded jobs in the window grouped by UTC day (date_bin, cheap
-- arithmetic; the session's TimeZone is UTC), whether they are on or after the cutoff, whether
-- their trace is missing (NULL or the empty string; ::text makes the test valid for uuid columns)
-- and, on or after the cutoff, their type (for the violations by type and each type's total),
-- with each group's newest created_at (the newest succeeded job: evidence of traffic). Status and trace are compared bytewise (COLLATE "C") whatever
-- the columns' collation or type (a case-insensitive collation or citext must not count
-- 'SUCCEEDED'); the comparison in the column's own collation before it lets an index serve. Each row costs a few comparisons; the era of each group (0
-- undated: NULL or infinite created_at, 1 legacy, 2 since the cutoff) is worked out on the few
-- hundred groups only.
-- The UNION ALL with a branch that returns nothing steers the planner: it hides the columns'
-- statistics from the group estimate (otherwise it expects millions of groups, one per distinct
-- created_at, and aggregates in one process, or sorts and spills), so each parallel worker
-- hash-aggregates its share and only the groups are gathered.
-- $1: the succeeded status; $2: the cutoff; $3, $4: the window's start and end, NULL when open
-- (instants as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC).
SELECT CASE WHEN day IS NULL OR NOT isfinite(day) THEN 0 WHEN NOT post THEN 1 ELSE 2 END AS era,
       CASE WHEN isfinite(day) THEN floor(extract(epoch FROM day) / 86400)::bigint END AS day_number,
       coalesce(post AND missing_trace AND isfinite(day), false) AS violation,
       post_type,
       total,
       missing,
       first_violation::text,
       last_violation::text,
       newest::text
FROM (
    SELECT day, post, missing_trace, post_type,
           count(*) AS total,
           count(*) FILTER (WHERE missing_trace) AS missing,
           min(created_at) FILTER (WHERE missing_trace) AS first_violation,
           max(created_at) FILTER (WHERE missing_trace) AS last_violation,
           max(created_at) AS newest
    FROM (
        SELECT created_at,
               date_bin('1 day', created_at, '2000-01-01 00:00:00') AS day,
               created_at >= $2 AS post,
               trace_id IS NULL OR trace_id::text COLLATE "C" = '' AS missing_trace,
               CASE WHEN created_at >= $2 THEN type::text END AS post_type
        FROM {{table}}
        WHERE status = $1 AND status::text COLLATE "C" = $1::text
          AND (created_at IS NULL
               OR ((created_at >= $3 OR $3 IS NULL) AND (created_at < $4 OR $4 IS NULL)))
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL FROM {{table}} WHERE false AND status = $1
    ) AS succeeded
    GROUP BY day, post, missing_trace, post_type
) AS groups
