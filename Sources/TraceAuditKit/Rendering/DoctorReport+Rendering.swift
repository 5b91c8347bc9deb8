extension DoctorReport {
    func rendered(_ format: OutputFormat, context: ReportContext, style: Style) -> String {
        switch format {
        case .json: return json(context).serialized() + "\n"
        default: return table(style, context: context)
        }
    }

    static func bytes(_ value: Int64?) -> String {
        guard let value else { return "—" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var size = Double(value)
        var unit = 0
        while size >= 1024 && unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : String(Int((size * 10).rounded()) / 10) + "." + String(Int((size * 10).rounded()) % 10) + " " + units[unit]
    }

    private func table(_ style: Style, context: ReportContext) -> String {
        let width = context.width
        /// Text wrapped to the width at spaces, later lines under the first's text.
        func fitted(_ text: String, indent: Int, hanging: Int) -> String {
            TerminalText.wrapped(text, width: width, indent: String(repeating: " ", count: indent), hanging: String(repeating: " ", count: hanging))
        }
        var out = style.bold("traceaudit") + String(fitted(
            "traceaudit doctor · \(TableWriter.cell(table.description)) in \(Escape.terminal(target))", indent: 0, hanging: 2).dropFirst("traceaudit".count))
        if let encryption = context.encryption { out += "  " + encryption.summary + "\n" }
        if let standby {
            out += "  this server is a hot standby; " + standby.summary + "\n"
        }
        out += "\n"
        out += "  size \(DoctorReport.bytes(totalBytes))"
        if let tableBytes { out += " (table \(DoctorReport.bytes(tableBytes)))" }
        out += " · about \(rowEstimate.map { Counting.counted(Int($0), "row", "rows") } ?? "? rows")\n"
        if size.partitioned {
            out += "  partitioned: \(partitions.count) " + (partitions.count == 1 ? "partition" : "partitions") + " (sizes above are their sum)\n"
            out += "\n" + style.bold("Partitions") + "\n"
            for partition in partitions {
                let rows = partition.size.rowEstimate.map { Counting.number(Int($0)) } ?? "?"
                let sizes = DoctorReport.bytes(partition.size.totalBytes) + " (table " + DoctorReport.bytes(partition.size.tableBytes) + ")"
                out += "  " + Escape.terminal(partition.name) + "  " + Escape.terminal(partition.bound) + "  " + sizes + " · about " + rows + " rows\n"
                if partition.indexes.isEmpty { out += "      no indexes\n" }
                for index in partition.indexes {
                    out += "      \(Escape.terminal(index.name))  \(Escape.terminal(index.definition))" + (index.bytes.map { "  " + DoctorReport.bytes($0) } ?? "") + "\n"
                }
            }
        }
        out += "\n" + style.bold("Indexes") + "\n"
        if indexes.isEmpty { out += "  none\n" }
        for index in indexes {
            out += "  \(Escape.terminal(index.name))  \(Escape.terminal(index.definition))" + (index.bytes.map { "  " + DoctorReport.bytes($0) } ?? "") + "\n"
        }
        out += "\n" + style.bold("Plans") + " (EXPLAIN\(engine == .sqlite ? " QUERY PLAN" : ""), nothing run)\n"
        for plan in plans {
            out += "  \(plan.check): " + (plan.usesIndex ? style.green("uses an index") : style.yellow("reads the whole table")) + "\n"
            out += plan.lines.map { fitted(Escape.terminal($0), indent: 6, hanging: 10) }.joined()
        }
        out += "\n" + style.bold("Suggested indexes") + " (traceaudit creates nothing; run these yourself)\n"
        for suggestion in suggestions {
            let purpose = fitted("present " + suggestion.purpose, indent: 3, hanging: 11).dropFirst(11)
            out += "  " + (suggestion.present ? style.green("present") : style.yellow("missing")) + "  " + purpose
            if !suggestion.present {
                out += SQLText.fitted(String(repeating: " ", count: 11) + suggestion.ddl, width: width) + "\n"
            }
        }
        return out
    }

    private static func json(_ index: Index) -> JSONValue {
        .object([("name", .string(index.name)), ("definition", .string(index.definition)), ("bytes", index.bytes.map { .integer(Int($0)) } ?? .null)])
    }

    private func json(_ context: ReportContext) -> JSONValue {
        ReportEnvelope.report(context, standby: standby, [
            ("total_bytes", totalBytes.map { .integer(Int($0)) } ?? .null),
            ("table_bytes", tableBytes.map { .integer(Int($0)) } ?? .null),
            ("row_estimate", rowEstimate.map { .integer(Int($0)) } ?? .null),
            ("indexes", .array(indexes.map(DoctorReport.json))),
            ("partitioned", .bool(size.partitioned)),
            ("partitions", .array(partitions.map { partition in
                .object([
                    ("name", .string(partition.name)), ("bound", .string(partition.bound)),
                    ("total_bytes", partition.size.totalBytes.map { .integer(Int($0)) } ?? .null),
                    ("table_bytes", partition.size.tableBytes.map { .integer(Int($0)) } ?? .null),
                    ("row_estimate", partition.size.rowEstimate.map { .integer(Int($0)) } ?? .null),
                    ("indexes", .array(partition.indexes.map(DoctorReport.json))),
                ])
            })),
            ("plans", .array(plans.map { .object([("check", .string($0.check)), ("uses_index", .bool($0.usesIndex)), ("plan", .array($0.lines.map(JSONValue.string)))]) })),
            ("suggestions", .array(suggestions.map { .object([("purpose", .string($0.purpose)), ("ddl", .string($0.ddl)), ("present", .bool($0.present))]) })),
        ])
    }
}
