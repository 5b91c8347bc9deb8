-- Session settings, before any check runs: every transaction read-only, statements bounded by
-- --timeout, and the session's TimeZone UTC, so that a timestamp without time zone is read as UTC
-- and days are UTC days whatever the server's or the database's TimeZone.
-- $1: the statement timeout in milliseconds.
SELECT set_config('default_transaction_read_only', 'on', false),
       set_config('statement_timeout', $1, false),
       set_config('TimeZone', 'UTC', false)
