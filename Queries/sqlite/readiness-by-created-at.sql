-- readiness' single scan (see readiness.sql) for a table without updated_at: every job is dated
-- by created_at.
-- ?1: the succeeded status; ?2, ?3: the first and last rowid.
SELECT created_at,
       NULL AS updated_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND {{rowid}} BETWEEN ?2 AND ?3
