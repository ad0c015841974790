namespace Proxy.Bootstrap;

/// <summary>What the proxy does with a typed_config type.</summary>
public enum ExtensionSupport
{
    /// <summary>The proxy runs it.</summary>
    Implemented,

    /// <summary>Parsed and accepted so Istio's configuration loads, but not applied yet (the entry says why).</summary>
    AcceptedIgnored,
}
