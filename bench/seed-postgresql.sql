-- The policy's four queries, as the policy document gives them (with its own "missing trace":
-- NULL or ''), run one after another by psql: the baseline traceaudit is measured against.
SELECT id, type, created_at, correlation_id
FROM executor_jobs
WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id = '') AND created_at >= '2026-02-01T00:00:00Z'
ORDER BY created_at DESC;

SELECT count(*) AS legacy_missing_trace
FROM executor_jobs
WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id = '') AND created_at < '2026-02-01T00:00:00Z';

SELECT CASE WHEN trace_id IS NULL OR trace_id = '' THEN 'missing_trace' ELSE 'has_trace' END AS trace, count(*)
FROM executor_jobs
WHERE status = 'succeeded' AND created_at >= '2026-02-01T00:00:00Z'
GROUP BY 1;

SELECT date_trunc('day', created_at AT TIME ZONE 'UTC')::date AS day,
       count(*) AS total_succeeded,
       count(*) FILTER (WHERE trace_id IS NOT NULL AND trace_id <> '') AS with_trace,
       count(*) FILTER (WHERE trace_id IS NULL OR trace_id = '') AS without_trace,
       round(100.0 * count(*) FILTER (WHERE trace_id IS NOT NULL AND trace_id <> '') / count(*), 2) AS compliance_percent
FROM executor_jobs
WHERE status = 'succeeded' AND created_at >= '2026-02-01T00:00:00Z'
GROUP BY 1
ORDER BY 1 DESC;
