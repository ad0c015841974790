namespace Proxy.Http.ConnectionManager;

/// <summary>common_http_protocol_options.headers_with_underscores_action.</summary>
internal enum HeadersWithUnderscoresAction
{
    /// <summary>Default: headers with underscores pass.</summary>
    Allow,

    /// <summary>The request is answered 400 (HTTP/1) or reset (HTTP/2), stat requests_rejected_with_underscores_in_headers.</summary>
    RejectRequest,

    /// <summary>Such headers are removed, stat dropped_headers_with_underscores.</summary>
    DropHeader,
}
