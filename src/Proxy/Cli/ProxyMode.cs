namespace Proxy.Cli;

/// <summary>Envoy's <c>--mode</c>.</summary>
public enum ProxyMode
{
    /// <summary>Validate the configuration, then serve traffic (default).</summary>
    Serve,

    /// <summary>Validate the configuration and exit.</summary>
    Validate,

    /// <summary>Initialize everything, then exit without serving.</summary>
    InitOnly,
}
