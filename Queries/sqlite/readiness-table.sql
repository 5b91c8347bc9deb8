-- readiness' single scan (see readiness.sql) of a table that has no rowid to split it by, as
-- scan-table.sql explains: one connection reads every row.
-- ?1: the succeeded status.
SELECT created_at,
       updated_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
