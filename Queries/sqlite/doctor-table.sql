-- doctor: the snapshot's size in bytes, the table's highest rowid (a row estimate that reads no
-- rows; NULL for a table without a rowid), and whether the table holds a row (reads at most one),
-- to tell an empty table from one whose size is unknown.
SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()),
       (SELECT max({{rowid}}) FROM {{table}}),
       EXISTS (SELECT 1 FROM {{table}})
