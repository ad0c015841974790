using Envoy.Config.Core.V3;

namespace Proxy.Discovery;

/// <summary>
/// A named resource the proxy needs (a route configuration, a cluster's endpoints) and the config source that
/// serves it: null or <c>ads</c> for the type's default stream, an api_config_source for a stream of its own,
/// a path_config_source for a file.
/// </summary>
internal readonly record struct ResourceName(string Name, ConfigSource? Source);
