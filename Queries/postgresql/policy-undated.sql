-- Undated: succeeded jobs whose created_at is NULL or infinite, in no query above; the audit fails on those without a trace.
SELECT count(*) FILTER (WHERE trace_id IS NULL OR trace_id::text COLLATE "C" = '') AS undated_missing_trace,
       count(*) FILTER (WHERE trace_id::text COLLATE "C" <> '') AS undated_has_trace
FROM {{table}}
WHERE status::text COLLATE "C" = 'succeeded'
  AND (created_at IS NULL OR NOT isfinite(created_at))
