namespace Proxy.Upstream.Config;

/// <summary>
/// <c>upstream_connection_options.tcp_keepalive</c>: SO_KEEPALIVE on, with TCP_KEEPCNT / TCP_KEEPIDLE /
/// TCP_KEEPINTVL when given (null keeps the OS default).
/// </summary>
public sealed record TcpKeepaliveSettings(uint? Probes, TimeSpan? Time, TimeSpan? Interval);
