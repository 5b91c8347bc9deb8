-- Daily compliance per UTC day since the cutoff, newest first (the same days for timestamptz and timestamp, in any TimeZone).
SELECT day,
       count(*) AS total_succeeded,
       count(*) FILTER (WHERE NOT missing_trace) AS with_trace,
       count(*) FILTER (WHERE missing_trace) AS without_trace,
       round(100.0 * count(*) FILTER (WHERE NOT missing_trace) / count(*), 2) AS compliance_percent
FROM (
    SELECT DATE '1970-01-01' + floor(extract(epoch FROM created_at) / 86400)::integer AS day,
           trace_id IS NULL OR trace_id::text COLLATE "C" = '' AS missing_trace
    FROM {{table}}
    WHERE status::text COLLATE "C" = 'succeeded'
      AND created_at >= $1 AND isfinite(created_at)
) AS succeeded
GROUP BY day
ORDER BY day DESC
