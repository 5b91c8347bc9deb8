-- The columns of the audited table and their declared types, to name any the audit needs and the
-- table lacks. pragma_table_xinfo, unlike pragma_table_info, lists generated columns too.
-- ?1: the table's name; ?2: its schema ('main' when none was given).
SELECT name, type FROM pragma_table_xinfo(?1, ?2)
