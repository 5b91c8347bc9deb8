-- The columns of the audited table and their types, to name any the audit needs and the table
-- lacks. No rows: the table does not exist (or is not visible on the search_path).
-- $1: the table's name, quoted as an identifier, optionally schema-qualified.
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
FROM pg_catalog.pg_attribute AS a
WHERE a.attrelid = pg_catalog.to_regclass($1)
  AND a.attnum > 0
  AND NOT a.attisdropped
