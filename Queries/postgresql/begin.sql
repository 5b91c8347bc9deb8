-- The audit's one transaction: every statement of the audit runs inside it, so all checks read one
-- snapshot and their numbers agree with each other; nothing can be written.
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY
