-- Test 3, distribution: succeeded jobs created on or after the cutoff, with a trace_id and without one (NULL or '').
WITH jobs AS ({{policy_jobs}})
SELECT count(*) FILTER (WHERE NOT missing_trace) AS has_trace,
       count(*) FILTER (WHERE missing_trace) AS missing_trace
FROM jobs
WHERE utc >= ?1
