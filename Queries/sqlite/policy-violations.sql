-- Test 1, violations: succeeded jobs created on or after the cutoff whose trace_id is NULL or '', newest first.
WITH jobs AS ({{policy_jobs}})
SELECT id, type, created_at, correlation_id
FROM jobs
WHERE missing_trace AND utc >= ?1
ORDER BY utc DESC, id DESC
