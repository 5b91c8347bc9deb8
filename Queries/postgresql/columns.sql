-- The columns of the audited table, their types and whether the audit's role may read them, to
-- name any the audit needs and cannot read, and to leave out of the report the optional ones it
-- cannot. No rows: the table does not exist (or is not visible on the search_path).
-- $1: the table's name, quoted as an identifier, optionally schema-qualified.
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
       pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT')
FROM pg_catalog.pg_attribute AS a
WHERE a.attrelid = pg_catalog.to_regclass($1)
  AND a.attnum > 0
  AND NOT a.attisdropped
