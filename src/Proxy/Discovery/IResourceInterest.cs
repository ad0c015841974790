using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// Where the names the proxy needs go: route configurations named by listeners, endpoints named by EDS clusters,
/// secrets named by transport sockets. The xDS client of the type's config source sends the new subscription.
/// </summary>
internal interface IResourceInterest
{
    /// <summary>The names to subscribe to on the type's stream (names served from files are not among them).</summary>
    void SetNames(XdsResourceType type, IReadOnlyCollection<string> names);

    /// <summary>
    /// The files (path_config_source) the type's resources are read from, for the names whose config source is
    /// a file: each file is read and watched while some owner names it.
    /// </summary>
    void SetFiles(XdsResourceType type, IReadOnlyCollection<string> paths);

    /// <summary>
    /// The secrets <paramref name="owner"/> ("lds", "cds") names, each with the config source it is fetched from;
    /// the subscription of each source is the union over owners.
    /// </summary>
    void SetSecrets(string owner, IReadOnlyCollection<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig> secrets);
}
