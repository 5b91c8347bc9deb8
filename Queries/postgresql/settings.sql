-- The audit's settings, right after BEGIN and all transaction-local (set_config(…, true), like
-- SET LOCAL), so that nothing outlives the transaction: a pooled server connection goes back to
-- the next client as it came. Statements are bounded by --timeout; TimeZone is UTC, so that a
-- timestamp without time zone is read as UTC and days are UTC days whatever the server's,
-- database's or session's TimeZone; row_security is off, so that a row-level security policy that
-- would hide rows from the audit is an error instead of a smaller count.
-- $1: the statement timeout in milliseconds.
SELECT set_config('statement_timeout', $1, true),
       set_config('TimeZone', 'UTC', true),
       set_config('row_security', 'off', true)
