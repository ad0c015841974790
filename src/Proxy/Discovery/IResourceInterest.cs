using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// Where the names the proxy needs go: route configurations named by listeners, endpoints named by EDS clusters,
/// secrets named by transport sockets. The xDS client of the type's config source sends the new subscription.
/// </summary>
internal interface IResourceInterest
{
    /// <summary>
    /// Every name of the type now needed, with its config source: each stream is subscribed to its names, and
    /// each file named is read and watched while some name needs it.
    /// </summary>
    void SetNames(XdsResourceType type, IReadOnlyCollection<ResourceName> names);

    /// <summary>
    /// The secrets <paramref name="owner"/> ("lds", "cds") names, each with the config source it is fetched from;
    /// the subscription of each source is the union over owners.
    /// </summary>
    void SetSecrets(string owner, IReadOnlyCollection<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig> secrets);
}
