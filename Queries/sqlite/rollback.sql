-- Ends the audit's read transaction after a failure.
ROLLBACK
