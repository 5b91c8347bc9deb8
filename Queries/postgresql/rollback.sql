-- Ends the audit's transaction after a failure, before the failure is looked into.
ROLLBACK
