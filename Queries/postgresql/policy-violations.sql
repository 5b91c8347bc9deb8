-- Test 1, violations: succeeded jobs created on or after the cutoff whose trace_id is NULL or '', newest first.
SELECT id, type, created_at, correlation_id
FROM {{table}}
WHERE status::text COLLATE "C" = 'succeeded'
  AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
  AND created_at >= $1 AND isfinite(created_at)
ORDER BY created_at DESC, id DESC
