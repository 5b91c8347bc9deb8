-- Ends the audit's read transaction.
COMMIT
