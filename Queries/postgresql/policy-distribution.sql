-- Test 3, distribution: succeeded jobs created on or after the cutoff, with a trace_id and without one (NULL or '').
SELECT count(*) FILTER (WHERE trace_id::text COLLATE "C" <> '') AS has_trace,
       count(*) FILTER (WHERE trace_id IS NULL OR trace_id::text COLLATE "C" = '') AS missing_trace
FROM {{table}}
WHERE status::text COLLATE "C" = 'succeeded'
  AND created_at >= $1 AND isfinite(created_at)
