-- Test 2, legacy: succeeded jobs created before the cutoff whose trace_id is NULL or '' (tolerated, counted).
SELECT count(*) AS legacy_missing_trace
FROM {{table}}
WHERE status::text COLLATE "C" = 'succeeded'
  AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
  AND created_at < $1 AND isfinite(created_at)
