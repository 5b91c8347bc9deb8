-- The audit's single scan: succeeded jobs in the window grouped into undated (era 0: NULL or
-- infinite created_at), legacy (era 1: before the cutoff) and post-cutoff UTC days (era 2); each
-- group counted with and without a trace, violations also by type with their first and last
-- created_at. A trace is missing when trace_id is NULL or the empty string (::text makes the test
-- valid for uuid columns too). The session's TimeZone is UTC, so days are UTC days.
-- $1: the succeeded status; $2: the cutoff; $3, $4: the window's start and end, NULL when open
-- (instants as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC).
SELECT era,
       day - DATE '1970-01-01' AS day_number,
       violation,
       CASE WHEN violation THEN type END AS violation_type,
       count(*) AS total,
       count(*) FILTER (WHERE missing_trace) AS missing_trace,
       min(created_at) FILTER (WHERE violation)::text AS first_violation,
       max(created_at) FILTER (WHERE violation)::text AS last_violation
FROM (
    SELECT created_at, type, missing_trace,
           CASE WHEN created_at IS NULL OR NOT isfinite(created_at) THEN 0
                WHEN created_at < $2 THEN 1 ELSE 2 END AS era,
           CASE WHEN isfinite(created_at) AND created_at >= $2
                THEN date_bin('1 day', created_at, '2000-01-01 00:00:00')::date END AS day,
           missing_trace AND isfinite(created_at) AND created_at >= $2 AS violation
    FROM (
        SELECT created_at, type::text AS type, trace_id IS NULL OR trace_id::text = '' AS missing_trace
        FROM {{table}}
        WHERE status = $1
          AND (created_at IS NULL
               OR ((created_at >= $3 OR $3 IS NULL) AND (created_at < $4 OR $4 IS NULL)))
    ) AS succeeded
) AS jobs
GROUP BY era, day, violation, CASE WHEN violation THEN type END
