-- doctor: the snapshot's size in bytes and the table's highest rowid (a row estimate that reads
-- no rows; NULL for a table without a rowid).
SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()),
       (SELECT max({{rowid}}) FROM {{table}})
