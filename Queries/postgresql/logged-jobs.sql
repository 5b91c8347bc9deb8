-- The jobs the orchestrator's logs name, to tell what became of each: still a violation, traced
-- since, no longer succeeded, or missing from the table. Ids are compared as text, so a logged id
-- that is not valid for the column's type is simply not found; ids and traces are compared
-- bytewise (COLLATE "C") whatever the columns' collation. TimeZone is UTC.
-- $1: the logged job ids, a text array.
SELECT id::text, status::text,
       trace_id IS NULL OR trace_id::text COLLATE "C" = '' AS missing_trace,
       created_at::text
FROM {{table}}
WHERE id::text COLLATE "C" = ANY($1::text[])
