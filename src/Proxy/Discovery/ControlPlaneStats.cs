using Microsoft.Extensions.Logging;
using Proxy.Filters.Stats;
using Proxy.Xds.Client;
using Proxy.Xds.Grpc;

namespace Proxy.Discovery;

/// <summary>
/// The <c>control_plane.*</c> stats of one xDS stream (connected_state, rate_limit_enforced, pending_requests)
/// and its log lines; a lost stream counts as update_failure on the subscriptions it carried, as Envoy's
/// onConfigUpdateFailed(ConnectionFailure) does.
/// </summary>
internal sealed class ControlPlaneStats : IXdsClientObserver
{
    private readonly ILogger _logger;
    private readonly string _source;
    private readonly Gauge _connected;
    private readonly Action _connectionLost;

    public ControlPlaneStats(IStatsScope stats, string source, ILogger logger, Action connectionLost)
    {
        _logger = logger;
        _source = source;
        _connectionLost = connectionLost;
        _connected = stats.Gauge("control_plane.connected_state", GaugeImportMode.NeverImport);
        stats.Counter("control_plane.rate_limit_enforced");
        stats.Gauge("control_plane.pending_requests");
    }

    public void Connected()
    {
        _connected.Set(1);
        XdsLog.Connected(_logger, _source);
    }

    public void Disconnected(GrpcStatus status)
    {
        _connected.Set(0);
        XdsLog.Disconnected(_logger, _source, status.Code, status.Message);
        _connectionLost();
    }

    public void Accepted(XdsResourceType type, string version) => XdsLog.Accepted(_logger, type.TypeName, version);

    public void Rejected(XdsResourceType type, string version, string message) => XdsLog.Rejected(_logger, type.TypeName, version, message);

    public void RequestSent(XdsResourceType type)
    {
    }
}
