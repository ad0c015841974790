using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Routing;

namespace Proxy.Rbac;

/// <summary>
/// What RBAC matchers look at. The network filter fills the connection part only; the HTTP filter adds the
/// request (<see cref="HasRequest"/>). Addresses follow Envoy's RBAC doc: <c>direct_remote_ip</c> is the
/// peer of the socket, <c>remote_ip</c> the client after x-forwarded-for / PROXY protocol handling, and
/// <c>destination_ip</c>/<c>destination_port</c> the (possibly restored) local address.
/// </summary>
internal readonly struct RbacInput
{
    public RbacInput(IPEndPoint? directRemote, IPEndPoint? remote, IPEndPoint? local, string? serverName, IReadOnlyDictionary<string, object>? filterState)
    {
        DirectRemote = directRemote;
        Remote = remote;
        Local = local;
        ServerName = serverName;
        FilterState = filterState;
        Request = default;
        HasRequest = false;
    }

    public RbacInput(IPEndPoint? directRemote, IPEndPoint? remote, IPEndPoint? local, string? serverName, IReadOnlyDictionary<string, object>? filterState, RequestView request)
        : this(directRemote, remote, local, serverName, filterState)
    {
        Request = request;
        HasRequest = true;
    }

    public IPEndPoint? DirectRemote { get; }

    public IPEndPoint? Remote { get; }

    public IPEndPoint? Local { get; }

    /// <summary>The SNI of the downstream TLS connection, or null.</summary>
    public string? ServerName { get; }

    public IReadOnlyDictionary<string, object>? FilterState { get; }

    public RequestView Request { get; }

    /// <summary>False for the network filter: header and path matchers then see no headers.</summary>
    public bool HasRequest { get; }

    /// <summary>
    /// The verified identity of the TLS peer. Downstream TLS is not terminated yet, so no connection is
    /// authenticated and <c>authenticated</c> principals never match (as in Envoy for a plaintext connection).
    /// </summary>
    public bool Authenticated => false;

    public static IHeaderDictionary NoHeaders { get; } = new HeaderDictionary();
}
