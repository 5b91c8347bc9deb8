-- The audit's single scan, over a range of rowids (traceaudit splits the table between its
-- threads): every succeeded job's created_at, whether its trace is missing (NULL or the empty
-- string), its type, and its rowid (to fetch the newest violations afterwards by rowid).
-- traceaudit reads created_at in any stored form and sorts each job into undated, legacy (before
-- the cutoff) or its post-cutoff UTC day, keeping the newest violations, in one pass.
-- ?1: the succeeded status; ?2, ?3: the first and last rowid.
SELECT created_at,
       trace_id IS NULL OR trace_id = '' AS missing_trace,
       type,
       rowid
FROM {{table}}
WHERE status = ?1
  AND rowid BETWEEN ?2 AND ?3
