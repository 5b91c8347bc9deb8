-- Whether the server is a hot standby and, if so, how fresh its data is: the commit time of the
-- last transaction it replayed (NULL before any) and how many seconds before the start of the
-- audit's transaction that commit was. TimeZone is UTC.
SELECT pg_catalog.pg_is_in_recovery(),
       pg_catalog.pg_last_xact_replay_timestamp()::text,
       extract(epoch FROM now() - pg_catalog.pg_last_xact_replay_timestamp())::float8
