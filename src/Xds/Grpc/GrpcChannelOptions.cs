using System.Net;

namespace Proxy.Xds.Grpc;

/// <summary>Where and how a <see cref="GrpcChannel"/> connects.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>IPEndPoint, DnsEndPoint or UnixDomainSocketEndPoint.</summary>
    public required EndPoint Target { get; init; }

    /// <summary>The :authority of each call (Envoy sends the cluster name).</summary>
    public string Authority { get; init; } = "localhost";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 PING interval on an idle connection (null: none).</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Extra request headers of every call (initial_metadata).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    public string UserAgent { get; init; } = "envoy-proxy-csharp";
}
