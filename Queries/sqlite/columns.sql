-- The columns of the audited table and their declared types, to name any the audit needs and the
-- table lacks.
-- ?1: the table's name; ?2: its schema ('main' when none was given).
SELECT name, type FROM pragma_table_info(?1, ?2)
