-- The jobs the orchestrator's logs name, to tell what became of each: still a violation, traced
-- since, no longer succeeded, or missing from the table.
-- Ids and trace compare bytewise whatever the columns' collation.
-- ?1: the logged job ids, as a JSON array of strings.
SELECT CAST(id AS TEXT) AS id, status,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       created_at
FROM {{table}}
WHERE CAST(id AS TEXT) COLLATE BINARY IN (SELECT value FROM json_each(?1))
