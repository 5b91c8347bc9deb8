-- Ends the audit's read-only transaction.
COMMIT
