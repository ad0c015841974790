namespace Proxy.Http.ConnectionManager;

/// <summary>HttpConnectionManager.path_with_escaped_slashes_action (%2F, %2f, %5C, %5c in the path).</summary>
internal enum PathWithEscapedSlashesAction
{
    /// <summary>IMPLEMENTATION_SPECIFIC_DEFAULT and KEEP_UNCHANGED: forward as received.</summary>
    KeepUnchanged,

    /// <summary>Answer 400.</summary>
    RejectRequest,

    /// <summary>Redirect the client to the unescaped path (307; 400 for non-GET/HEAD... as Envoy).</summary>
    UnescapeAndRedirect,

    /// <summary>Unescape and forward.</summary>
    UnescapeAndForward,
}
