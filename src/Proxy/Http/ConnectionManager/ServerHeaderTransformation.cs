namespace Proxy.Http.ConnectionManager;

/// <summary>HttpConnectionManager.server_header_transformation.</summary>
internal enum ServerHeaderTransformation
{
    /// <summary>Default: the Server header is always server_name.</summary>
    Overwrite,

    /// <summary>Set server_name only when the upstream sent no Server header.</summary>
    AppendIfAbsent,

    /// <summary>Leave the upstream's Server header (or its absence) alone.</summary>
    PassThrough,
}
