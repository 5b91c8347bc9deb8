-- The violations check's own scan: only succeeded jobs whose trace is missing (NULL or the empty
-- string), with created_at and type, for the count, the breakdown by type, the first and last
-- violation, and the undated jobs without a trace.
-- ?1: the succeeded status.
SELECT created_at, 1 AS missing_trace, type
FROM {{table}}
WHERE status = ?1
  AND (trace_id IS NULL OR trace_id = '')
