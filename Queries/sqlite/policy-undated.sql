-- Undated: succeeded jobs whose created_at is NULL or unreadable, in no query above; the audit fails on those without a trace.
WITH jobs AS ({{policy_jobs}})
SELECT count(*) FILTER (WHERE missing_trace) AS undated_missing_trace,
       count(*) FILTER (WHERE NOT missing_trace) AS undated_has_trace
FROM jobs
WHERE utc IS NULL
