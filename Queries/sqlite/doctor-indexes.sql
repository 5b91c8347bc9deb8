-- doctor: the audited table's indexes, with their definitions.
-- ?1: the table's name.
SELECT name, coalesce(sql, '(automatic index for a constraint)') FROM sqlite_schema
WHERE type = 'index' AND tbl_name = ?1
ORDER BY name
