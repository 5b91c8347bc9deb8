-- The audit's single scan: succeeded jobs grouped into undated (era 0: NULL or infinite created_at),
-- legacy (era 1: before the cutoff) and post-cutoff UTC days (era 2), each group counted with and
-- without a trace. A trace is missing when trace_id is NULL or the empty string (the ::text makes
-- the test valid for uuid columns too). The session's TimeZone is UTC.
-- $1: the succeeded status; $2: the cutoff, 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC.
SELECT era,
       day - DATE '1970-01-01' AS day_number,
       count(*) AS total,
       count(*) FILTER (WHERE missing_trace) AS missing_trace
FROM (
    SELECT CASE WHEN created_at IS NULL OR NOT isfinite(created_at) THEN 0
                WHEN created_at < $2 THEN 1
                ELSE 2 END AS era,
           CASE WHEN isfinite(created_at) AND created_at >= $2
                THEN date_bin('1 day', created_at, '2000-01-01 00:00:00')::date END AS day,
           trace_id IS NULL OR trace_id::text = '' AS missing_trace
    FROM {{table}}
    WHERE status = $1
) AS jobs
GROUP BY era, day
