-- After the server refused the audit a read (SQLSTATE 42501, insufficient privilege), read after
-- rolling back: which tables' row-level security applies, and to which role. The audit runs with
-- row_security off, so a policy that would hide rows is that error; the catalog tells it from a
-- missing privilege, never the server's message (which follows lc_messages).
-- The audited relation's own row security applies to the audit's role (row_security_active). A
-- view reads the relations it names (pg_depend of its _RETURN rule; nested views followed) as its
-- owner, or, when it is security_invoker, as the role running the query (the audit's role, even
-- under a view that is not: PostgreSQL checks a security_invoker view's relations as the current
-- user). On a table read as another role, row security applies unless that role is a superuser,
-- has BYPASSRLS, or has the privileges of the table's owner on a table that does not FORCE it.
-- One row per table and role it applies to (both quoted as identifiers), with whether that role
-- is the audit's own, the nearest the audited relation first; none: a missing privilege.
-- $1: the table's schema-qualified name, quoted as identifiers (never resolved on the search_path).
WITH RECURSIVE reached (relation, reader, depth) AS (
    SELECT pg_catalog.to_regclass($1)::pg_catalog.oid, r.oid, 0
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = CURRENT_USER
  UNION
    SELECT d.refobjid,
           CASE WHEN coalesce((SELECT o.option_value::pg_catalog.bool
                               FROM pg_catalog.pg_options_to_table(v.reloptions) AS o
                               WHERE o.option_name = 'security_invoker'), false)
                THEN (SELECT r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = CURRENT_USER)
                ELSE v.relowner END,
           reached.depth + 1
    FROM reached
    JOIN pg_catalog.pg_class AS v ON v.oid = reached.relation AND v.relkind = 'v'
    JOIN pg_catalog.pg_rewrite AS rule ON rule.ev_class = v.oid AND rule.rulename = '_RETURN'
    JOIN pg_catalog.pg_depend AS d
      ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rule.oid
     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> v.oid
    WHERE reached.depth < 64
)
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.relname),
       pg_catalog.quote_ident(r.rolname), r.rolname = CURRENT_USER
FROM reached
JOIN pg_catalog.pg_class AS t ON t.oid = reached.relation
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_roles AS r ON r.oid = reached.reader
WHERE t.relrowsecurity
  AND CASE WHEN r.rolname = CURRENT_USER THEN pg_catalog.row_security_active(t.oid)
           ELSE NOT (r.rolsuper OR r.rolbypassrls)
                AND (t.relforcerowsecurity OR NOT pg_catalog.pg_has_role(r.oid, t.relowner, 'USAGE')) END
GROUP BY n.nspname, t.relname, r.rolname
ORDER BY pg_catalog.min(reached.depth), 1, 2
