-- The newest violations that the scan found, by rowid: a handful of lookups. Each comes with the
-- instant traceaudit read from its created_at during the scan, in microseconds, so that SQLite
-- orders them without traceaudit's timestamp reader (and sqlite3 can run this as printed).
-- The rowid is named by the first of rowid, oid, _rowid_ that no user column of the table takes.
-- ?1: the violations, as a JSON array of [rowid, created_at in microseconds].
-- The optional updated_at and correlation_id are written as tokens that traceaudit replaces with
-- NULL when the table lacks the column (the policy does not need them).
SELECT job.id, job.type, job.created_at, {{updated_at}}, {{correlation_id}}, job.trace_id,
       json_extract(kept.value, '$[1]') AS created_us
FROM json_each(?1) AS kept
JOIN {{table}} AS job ON job.{{rowid}} = json_extract(kept.value, '$[0]')
ORDER BY created_us DESC, job.id DESC
