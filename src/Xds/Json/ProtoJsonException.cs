namespace Proxy.Xds.Json;

/// <summary>
/// A JSON (or YAML turned JSON) document that does not fit its protobuf message. <see cref="Path"/> locates the
/// offending value in the document, e.g.
/// <c>static_resources.listeners[0].filter_chains[0].filters[0].typed_config.stat_prefix</c>, so a user can
/// find it without guessing; Google.Protobuf's own JsonParser reports no location.
/// </summary>
public sealed class ProtoJsonException : Exception
{
    public ProtoJsonException(string path, string reason)
        : base(path.Length == 0 ? reason : $"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>JSON path of the offending value; empty for the document itself.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Reason { get; }
}
