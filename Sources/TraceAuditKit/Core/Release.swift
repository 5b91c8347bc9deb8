/// The release of traceaudit: what `--version` prints and every report names.
public enum Release {
    public static let version = "0.2.0"
}
