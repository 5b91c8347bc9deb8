-- The audit's single scan: every succeeded job's created_at, whether its trace is missing (NULL or
-- the empty string), and its type when it is. traceaudit reads created_at in any stored form and
-- sorts each job into undated, legacy (before the cutoff) or its post-cutoff UTC day in one pass.
-- ?1: the succeeded status.
SELECT created_at,
       trace_id IS NULL OR trace_id = '' AS missing_trace,
       CASE WHEN trace_id IS NULL OR trace_id = '' THEN type END AS violation_type
FROM {{table}}
WHERE status = ?1
