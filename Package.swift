// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "traceaudit",
    products: [
        .executable(name: "traceaudit", targets: ["traceaudit"]),
        .library(name: "TraceAuditKit", targets: ["TraceAuditKit"]),
    ],
    targets: [
        // C libraries, each in its own system-library target (Debian's -dev packages).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),

        // Queries/ is the one source of the SQL; this tool and plugin compile it into the library.
        .executableTarget(name: "EmbedQueries"),
        .plugin(
            name: "EmbedQueriesPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedQueries"],
            path: "Sources/EmbedQueriesPlugin"
        ),
        // Records the git commit the binary is built from, for `traceaudit --version`.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "Sources/BuildInfoPlugin"),

        .target(
            name: "TraceAuditKit",
            dependencies: ["CSQLite", "CLibPQ", "CCurl"],
            plugins: ["EmbedQueriesPlugin", "BuildInfoPlugin"]
        ),
        .executableTarget(name: "traceaudit", dependencies: ["TraceAuditKit"]),
        .testTarget(name: "TraceAuditKitTests", dependencies: ["TraceAuditKit", "CSQLite"]),
    ]
)
