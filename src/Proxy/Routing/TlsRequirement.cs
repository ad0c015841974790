namespace Proxy.Routing;

/// <summary>VirtualHost.require_tls (Envoy's TlsRequirementType): when a plain-text request gets a 301 to https.</summary>
public enum TlsRequirement
{
    None = 0,

    /// <summary>Only external requests (no <c>x-envoy-internal: true</c>) must use TLS.</summary>
    ExternalOnly = 1,

    All = 2,
}
