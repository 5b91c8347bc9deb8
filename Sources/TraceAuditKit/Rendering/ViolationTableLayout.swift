/// A column of the violations table.
enum ViolationColumn: CaseIterable {
    case id, type, createdAt, updatedAt, correlationId, traceId, baseline

    var header: String {
        switch self {
        case .id: "ID"
        case .type: "TYPE"
        case .createdAt: "CREATED_AT"
        case .updatedAt: "UPDATED_AT"
        case .correlationId: "CORRELATION_ID"
        case .traceId: "TRACE_ID"
        case .baseline: "BASELINE"
        }
    }
}

/// Which columns of the violations table a width leaves room for, and how wide each is (an
/// `IdTableLayout`). A job id is never cut: to fit the width, the correlation id is shortened (to
/// `shortestCorrelationId`) or else left out, then UPDATED_AT is left out, then the type is
/// shortened or else left out (JSON and CSV carry every value).
struct ViolationTableLayout {
    /// The columns shown, in order.
    let shown: [ViolationColumn]
    private let layout: IdTableLayout

    /// The narrowest a shortened correlation id gets before the column is left out.
    static let shortestCorrelationId = 12

    init(fitting rows: [[ViolationColumn: String]], columns available: [ViolationColumn], width: Int) {
        let columns = available.map { column in
            TextTable.Column(
                header: column.header, shrinks: column == .type || column == .correlationId, shrinkOrder: column == .correlationId ? 0 : 1,
                minimum: column == .correlationId ? Self.shortestCorrelationId : TextTable.narrowestColumn)
        }
        let steps: [IdTableLayout.Step] = [
            .init(shrink: [ViolationColumn.correlationId.header]), .init(drop: ViolationColumn.correlationId.header),
            .init(drop: ViolationColumn.updatedAt.header), .init(shrink: [ViolationColumn.type.header]), .init(drop: ViolationColumn.type.header),
        ]
        layout = IdTableLayout(
            fitting: rows.map(Self.byHeader), columns: columns, id: ViolationColumn.id.header, steps: steps, width: width)
        shown = layout.shown.compactMap { column in available.first { $0.header == column.header } }
    }

    private static func byHeader(_ row: [ViolationColumn: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: row.map { ($0.key.header, $0.value) })
    }

    func header(style: Style) -> String {
        layout.header(style: style)
    }

    /// One row: its values under the columns, the id before them on a line of its own when it is
    /// wider than its column.
    func line(_ row: [ViolationColumn: String], style: Style) -> String {
        layout.line(Self.byHeader(row), style: style)
    }
}
