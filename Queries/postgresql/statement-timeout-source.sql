-- After the session's own statement_timeout cancelled one of the audit's first statements (before
-- the audit's transaction-local timeout applies): the value in force and where it was set (client:
-- the connection's options or PGOPTIONS; user, database: ALTER ROLE/DATABASE … SET; …).
SELECT setting || coalesce(unit, ''), source
FROM pg_catalog.pg_settings
WHERE name = 'statement_timeout'
