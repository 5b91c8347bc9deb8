-- Test 2, legacy: succeeded jobs created before the cutoff whose trace_id is NULL or '' (tolerated, counted).
WITH jobs AS ({{policy_jobs}})
SELECT count(*) AS legacy_missing_trace
FROM jobs
WHERE missing_trace AND utc < ?1
