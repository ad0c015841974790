namespace Bench.Runner.Model;

/// <summary>What is sent through the target (issue #5, "Scenarios").</summary>
public enum Scenario
{
    /// <summary>HTTP/1.1 keep-alive, small response, through an HTTP listener.</summary>
    Http1,

    /// <summary>HTTP/2 cleartext with prior knowledge downstream; HTTP/1.1 to the upstream.</summary>
    H2c,

    /// <summary>HTTP/1.1 through an L4 proxy (Envoy's tcp_proxy, nginx stream, haproxy mode tcp).</summary>
    Tcp,

    /// <summary>HTTP/1.1 with a 1 MiB response.</summary>
    Large,
}
