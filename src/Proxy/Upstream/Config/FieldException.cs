namespace Proxy.Upstream.Config;

/// <summary>
/// A validation failure inside a resource, carrying the field path relative to that resource
/// (e.g. <c>load_assignment.endpoints[0].lb_endpoints[1].load_balancing_weight</c>). Translators throw it
/// while walking a proto and turn it into a <see cref="Proxy.Filters.Extensions.ConfigException"/> that
/// names the resource once, at the top, so nested translators never need to know which resource they are in.
/// </summary>
internal sealed class FieldException : Exception
{
    public FieldException(string path, string reason)
        : base($"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    public string Path { get; }

    public string Reason { get; }

    /// <summary>The same failure seen from the enclosing message: <c>prefix.path</c>.</summary>
    public FieldException Under(string prefix) =>
        new(Path.Length == 0 ? prefix : Path[0] == '[' ? prefix + Path : $"{prefix}.{Path}", Reason);
}
