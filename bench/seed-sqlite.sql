-- The policy's four queries for the SQLite copy. Every created_at there is psql's UTC text
-- ('2026-02-01 00:30:00+00'), so comparing text and taking the first ten characters as the day are
-- correct for this data (SQLite's date() returns NULL for the '+00' form; traceaudit reads it).
SELECT id, type, created_at, correlation_id
FROM executor_jobs
WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id = '') AND created_at >= '2026-02-01'
ORDER BY created_at DESC;

SELECT count(*) AS legacy_missing_trace
FROM executor_jobs
WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id = '') AND created_at < '2026-02-01';

SELECT CASE WHEN trace_id IS NULL OR trace_id = '' THEN 'missing_trace' ELSE 'has_trace' END AS trace, count(*)
FROM executor_jobs
WHERE status = 'succeeded' AND created_at >= '2026-02-01'
GROUP BY 1;

SELECT substr(created_at, 1, 10) AS day,
       count(*) AS total_succeeded,
       sum(trace_id IS NOT NULL AND trace_id <> '') AS with_trace,
       sum(trace_id IS NULL OR trace_id = '') AS without_trace,
       round(100.0 * sum(trace_id IS NOT NULL AND trace_id <> '') / count(*), 2) AS compliance_percent
FROM executor_jobs
WHERE status = 'succeeded' AND created_at >= '2026-02-01'
GROUP BY 1
ORDER BY 1 DESC;
