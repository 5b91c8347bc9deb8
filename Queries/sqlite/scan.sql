-- The audit's single scan, over a range of rowids (traceaudit splits the table between its
-- threads): every succeeded job's created_at, whether its trace is missing (NULL or the empty
-- string), its type, and its rowid (to fetch the newest violations afterwards by rowid).
-- traceaudit reads created_at in any stored form and sorts each job into undated, legacy (before
-- the cutoff) or its post-cutoff UTC day, keeping the newest violations, in one pass.
-- Status and trace are compared bytewise (COLLATE BINARY) whatever the columns' declared collation:
-- 'SUCCEEDED' is not 'succeeded', and ' ' is a trace. Each BINARY test follows the plain one, which
-- an index in the column's own collation can serve and which every built-in collation makes true
-- whenever the bytewise one is.
-- The rowid is named by the first of rowid, oid, _rowid_ that no user column of the table takes.
-- ?1: the succeeded status; ?2, ?3: the first and last rowid.
SELECT created_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type,
       {{rowid}}
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND {{rowid}} BETWEEN ?2 AND ?3
