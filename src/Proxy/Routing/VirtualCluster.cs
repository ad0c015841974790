using Proxy.Routing.Matching;

namespace Proxy.Routing;

/// <summary>VirtualHost.virtual_clusters entry: requests matching all <see cref="Headers"/> are counted under vhost.&lt;vh&gt;.vcluster.&lt;name&gt;.</summary>
public sealed record VirtualCluster(string Name, HeaderMatcher[] Headers);
