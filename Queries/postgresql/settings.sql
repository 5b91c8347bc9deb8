-- The audit's settings, right after BEGIN and all transaction-local (set_config(…, true), like
-- SET LOCAL), so that nothing outlives the transaction: a pooled server connection goes back to
-- the next client as it came. Statements are bounded by --timeout; TimeZone is UTC, so that a
-- timestamp without time zone is read as UTC and days are UTC days whatever the server's,
-- database's or session's TimeZone; row_security is off, so that a row-level security policy that
-- would hide rows from the audit is an error instead of a smaller count; search_path is
-- pg_catalog alone, so that every operator and function the audit calls is the built-in one
-- whatever search_path the session (or a pooled connection's last client) set: a schema earlier
-- on the path could otherwise shadow `=` or `length` and change what counts. set_config itself is
-- named by its schema, as it runs before the path is pinned.
-- $1: the statement timeout in milliseconds.
SELECT pg_catalog.set_config('statement_timeout', $1, true),
       pg_catalog.set_config('TimeZone', 'UTC', true),
       pg_catalog.set_config('row_security', 'off', true),
       pg_catalog.set_config('search_path', 'pg_catalog', true)
