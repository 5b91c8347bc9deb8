-- The newest violations that the scan found, by rowid: a handful of lookups.
-- ?1: the rowids, as a JSON array.
-- The optional updated_at and correlation_id are written as tokens that traceaudit replaces with
-- NULL when the table lacks the column (the policy does not need them).
SELECT id, type, created_at, {{updated_at}}, {{correlation_id}}, trace_id,
       traceaudit_instant(created_at) AS created_us
FROM {{table}}
WHERE rowid IN (SELECT value FROM json_each(?1))
ORDER BY created_us DESC, id DESC
