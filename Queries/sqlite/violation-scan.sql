-- The violations check's own scan, over a range of rowids: only succeeded jobs whose trace is
-- missing (NULL or the empty string), with created_at, type and rowid, for the count, the
-- breakdown by type, the first and last violation, the newest ones, and the undated jobs.
-- Status and trace compare bytewise, as scan.sql explains.
-- ?1: the succeeded status; ?2, ?3: the first and last rowid.
SELECT created_at, 1 AS missing_trace, type, {{rowid}}
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (trace_id IS NULL OR trace_id = '')
  AND (trace_id IS NULL OR trace_id COLLATE BINARY = '')
  AND {{rowid}} BETWEEN ?2 AND ?3
