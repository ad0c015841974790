namespace Proxy.Upstream.Config;

/// <summary><c>common_http_protocol_options.headers_with_underscores_action</c> (applies to upstream responses).</summary>
public enum HeadersWithUnderscoresAction
{
    Allow,
    RejectRequest,
    DropHeader,
}
