namespace Proxy.Server;

/// <summary>Envoy's server.state gauge values (admin.v3.ServerInfo.State).</summary>
internal enum ServerState
{
    Live = 0,
    Draining = 1,
    PreInitializing = 2,
    Initializing = 3,
}
