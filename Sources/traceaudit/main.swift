import TraceAuditKit

TraceAudit.runAsProcess()
