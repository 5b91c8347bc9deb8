-- The undated jobs without a trace that the scan kept, by rowid: a handful of lookups, highest
-- rowid first. The rowid is named by the first of rowid, oid, _rowid_ that no user column takes.
-- ?1: the rowids, as a JSON array.
SELECT job.id
FROM json_each(?1) AS kept
JOIN {{table}} AS job ON job.{{rowid}} = kept.value
ORDER BY kept.value DESC
