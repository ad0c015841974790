namespace Proxy.Upstream.Config;

/// <summary>The parts of <c>Http1ProtocolOptions</c> that matter for an upstream HTTP/1.1 connection.</summary>
public sealed record Http1Settings
{
    public static readonly Http1Settings Default = new();

    public bool AcceptHttp10 { get; init; }

    public string DefaultHostForHttp10 { get; init; } = string.Empty;

    public bool EnableTrailers { get; init; }

    public bool AllowChunkedLength { get; init; }

    /// <summary><c>header_key_format.proper_case_words</c>: send Proper-Case header names.</summary>
    public bool ProperCaseHeaders { get; init; }

    public bool SendFullyQualifiedUrl { get; init; }
}
