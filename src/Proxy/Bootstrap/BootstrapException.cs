namespace Proxy.Bootstrap;

/// <summary>
/// A bootstrap the proxy refuses: unreadable file, invalid JSON/YAML/proto, a value that does not fit the
/// Envoy API, or an extension this proxy does not know. Message: <c>file: json.path: reason</c>.
/// </summary>
public sealed class BootstrapException : Exception
{
    public BootstrapException(string file, string jsonPath, string reason, Exception? inner = null)
        : base(Compose(file, jsonPath, reason), inner)
    {
        File = file;
        JsonPath = jsonPath;
        Reason = reason;
    }

    /// <summary>The -c path, "--config-yaml", or both joined by " + " for problems found after merging.</summary>
    public string File { get; }

    /// <summary>Where in the document, e.g. <c>static_resources.clusters[0].connect_timeout</c>; may be empty.</summary>
    public string JsonPath { get; }

    public string Reason { get; }

    private static string Compose(string file, string jsonPath, string reason)
    {
        var prefix = file.Length == 0 ? string.Empty : file + ": ";
        return jsonPath.Length == 0 ? prefix + reason : $"{prefix}{jsonPath}: {reason}";
    }
}
