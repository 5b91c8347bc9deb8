-- After the server refused the audit a read (SQLSTATE 42501, insufficient privilege), read after
-- rolling back: whether row-level security applies to the audit's role on the table. The audit
-- runs with row_security off, so a policy that would hide rows is that error; the catalog tells it
-- from a missing privilege, never the server's message (which follows lc_messages).
-- $1: the table's schema-qualified name, quoted as identifiers (never resolved on the search_path).
SELECT pg_catalog.row_security_active(pg_catalog.to_regclass($1))
