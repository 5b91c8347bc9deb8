-- The audit's single scan: succeeded jobs in the window grouped by two keys, a day and the type.
-- The day is the job's UTC day (date_bin, cheap arithmetic; the session's TimeZone is UTC) on or
-- after the cutoff; one noon instant, never a day's start, for every finite created_at before it
-- (legacy: the report counts those, not their days); created_at itself when NULL or infinite
-- (undated). Each group counts its jobs and those whose trace is missing (NULL or the empty
-- string; ::text makes the test valid for uuid columns), their first and last created_at, and the
-- newest created_at (the newest succeeded job: evidence of traffic). Status and trace are compared
-- bytewise (COLLATE "C") whatever the columns' collation or type (a case-insensitive collation or
-- citext must not count 'SUCCEEDED'). Status is compared once per row: in a window, also in the
-- column's own collation, which lets an index on status serve; without one, the planner drops that
-- comparison (its $3 and $4 are known NULL), which only an index could have used. The era of each
-- group (0 undated, 1 legacy, 2 since the cutoff) and whether it holds violations are worked out on
-- the few hundred groups only.
-- The UNION ALL with a branch that returns nothing steers the planner: it hides the columns'
-- statistics from the group estimate (otherwise it expects millions of groups, one per distinct
-- created_at, and aggregates in one process, or sorts and spills; two keys without statistics
-- estimate 40,000 groups, a hash table that fits), so each parallel worker hash-aggregates its
-- share and only the groups are gathered. It costs nothing: the inner columns are listed in the
-- order the outer select first names them, so PostgreSQL drops the wrapper's Subquery Scan and
-- its one-child Append from the plan, and the workers aggregate straight from the table's scan.
-- $1: the succeeded status; $2: the cutoff; $3, $4: the window's start and end, NULL when open
-- (instants as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC). Each parameter's type is taken from where the
-- statement first names it, so the window and `status = $1` come first: $3 and $4 take
-- created_at's type, $1 the status column's (an enum's label, a citext).
SELECT CASE WHEN day IS NULL OR NOT isfinite(day) THEN 0 WHEN day = '2000-01-01 12:00:00+00' THEN 1 ELSE 2 END AS era,
       CASE WHEN isfinite(day) AND day <> '2000-01-01 12:00:00+00' THEN floor(extract(epoch FROM day) / 86400)::bigint END AS day_number,
       coalesce(isfinite(day) AND day <> '2000-01-01 12:00:00+00' AND count(*) FILTER (WHERE missing_trace) > 0, false) AS violation,
       CASE WHEN isfinite(day) AND day <> '2000-01-01 12:00:00+00' THEN type END AS post_type,
       count(*) AS total,
       count(*) FILTER (WHERE missing_trace) AS missing,
       (min(created_at) FILTER (WHERE missing_trace))::text AS first_violation,
       (max(created_at) FILTER (WHERE missing_trace))::text AS last_violation,
       max(created_at)::text AS newest
FROM (
    SELECT CASE WHEN created_at >= $2 THEN date_bin('1 day', created_at, '2000-01-01 00:00:00')
                WHEN created_at > '-infinity' THEN '2000-01-01 12:00:00+00'
                ELSE created_at END AS day,
           trace_id IS NULL OR trace_id::text COLLATE "C" = '' AS missing_trace,
           type::text AS type,
           created_at
    FROM {{table}}
    WHERE (created_at IS NULL
           OR ((created_at >= $3 OR $3 IS NULL) AND (created_at < $4 OR $4 IS NULL)))
      AND (status = $1 OR ($3 IS NULL AND $4 IS NULL))
      AND status::text COLLATE "C" = $1::text
    UNION ALL
    SELECT NULL, NULL, NULL, NULL FROM {{table}} WHERE false AND status = $1
) AS succeeded
GROUP BY day, type
