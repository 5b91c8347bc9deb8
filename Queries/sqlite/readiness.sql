-- readiness' single scan, over a range of rowids (traceaudit splits the table between its
-- threads): every succeeded job's created_at and updated_at, whether its trace is missing (NULL or
-- the empty string), and its type. traceaudit dates each job by when it succeeded (updated_at,
-- else created_at where updated_at is NULL or unreadable) and counts it by UTC day and, for the
-- last 30 days, by type, in one pass. Status and trace are compared bytewise, as scan.sql explains.
-- The rowid is named by the first of rowid, oid, _rowid_ that no user column of the table takes.
-- ?1: the succeeded status; ?2, ?3: the first and last rowid.
SELECT created_at,
       updated_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND {{rowid}} BETWEEN ?2 AND ?3
