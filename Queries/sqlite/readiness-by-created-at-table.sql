-- readiness' single scan for a table without updated_at (see readiness-by-created-at.sql) that
-- has no rowid to split it by: one connection reads every row.
-- ?1: the succeeded status.
SELECT created_at,
       NULL AS updated_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
