-- What the audited table is, to decide how the scan reaches its rows: its type ('table', 'view',
-- 'virtual' or 'shadow') and whether it is a WITHOUT ROWID table (1), which has no rowid.
-- ?1: the table's name; ?2: its schema ('main' when none was given).
SELECT type, wr FROM pragma_table_list
WHERE name = ?1 COLLATE NOCASE AND schema = ?2 COLLATE NOCASE
