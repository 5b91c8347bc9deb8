-- Undated jobs without a trace: succeeded jobs whose trace is missing (NULL or the empty string)
-- and whose created_at is NULL or infinite, highest id first. Read only when the scan counted
-- any; an index on created_at serves the NULL and infinite lookups. Status and trace compare
-- bytewise, after the comparisons an index may serve (see scan.sql).
-- $1: the succeeded status; $2: the most rows, NULL for all.
SELECT id::text
FROM {{table}}
WHERE status = $1 AND status::text COLLATE "C" = $1::text
  AND (trace_id IS NULL OR trace_id::text = '')
  AND (trace_id IS NULL OR trace_id::text COLLATE "C" = '')
  AND (created_at IS NULL OR created_at = 'infinity' OR created_at = '-infinity')
ORDER BY id DESC
LIMIT $2
