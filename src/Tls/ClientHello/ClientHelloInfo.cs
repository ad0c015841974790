namespace Proxy.Tls.ClientHello;

/// <summary>What the TLS inspector reads from a ClientHello: the server name and the offered ALPN protocols.</summary>
public sealed record ClientHelloInfo(string? ServerName, IReadOnlyList<string> ApplicationProtocols);
