using System.Globalization;
using System.Net;
using System.Text;
using Envoy.Admin.V3;
using Google.Protobuf;
using Proxy.Upstream;
using Proxy.Upstream.Config;
using Proxy.Xds;

namespace Proxy.Admin;

/// <summary>
/// GET /clusters: Envoy's "cluster::host::stat::value" text, or ?format=json (admin.v3.Clusters), as
/// istioctl proxy-config endpoints reads it.
/// </summary>
internal static class ClustersEndpoint
{
    public static AdminResponse Handle(AdminRequest request, ClusterManager clusters)
    {
        var ordered = clusters.Clusters.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return request.Get("format") == "json" ? AdminResponse.Json(Json(ordered)) : AdminResponse.Ok(Text(ordered));
    }

    private static string Text(List<ClusterRuntime> clusters)
    {
        var b = new StringBuilder();
        foreach (var cluster in clusters)
        {
            var name = cluster.Name;
            b.Append(name).Append("::observability_name::").Append(cluster.Config.AltStatName ?? name).Append('\n');
            AppendThresholds(b, name, "default_priority", cluster.Config.CircuitBreakers.DefaultPriority);
            AppendThresholds(b, name, "high_priority", cluster.Config.CircuitBreakers.HighPriority);
            b.Append(name).Append("::added_via_api::false\n");
            foreach (var host in cluster.Hosts.Hosts.AllHosts)
            {
                var prefix = name + "::" + host.AddressString + "::";
                var s = host.Stats;
                Line(b, prefix, "cx_active", s.CxActive);
                Line(b, prefix, "cx_connect_fail", s.CxConnectFail);
                Line(b, prefix, "cx_total", s.CxTotal);
                Line(b, prefix, "rq_active", s.RqActive);
                Line(b, prefix, "rq_error", s.RqError);
                Line(b, prefix, "rq_success", s.RqSuccess);
                Line(b, prefix, "rq_timeout", s.RqTimeout);
                Line(b, prefix, "rq_total", s.RqTotal);
                b.Append(prefix).Append("hostname::").Append(host.Hostname).Append('\n');
                b.Append(prefix).Append("health_flags::").Append(HealthFlagsText.Of(host.HealthFlags)).Append('\n');
                b.Append(prefix).Append("weight::").Append(host.Weight).Append('\n');
                b.Append(prefix).Append("region::").Append(host.Locality.Region).Append('\n');
                b.Append(prefix).Append("zone::").Append(host.Locality.Zone).Append('\n');
                b.Append(prefix).Append("sub_zone::").Append(host.Locality.SubZone).Append('\n');
                b.Append(prefix).Append("canary::false\n");
                b.Append(prefix).Append("priority::").Append(host.Priority).Append('\n');
                b.Append(prefix).Append("success_rate::-1\n");
                b.Append(prefix).Append("local_origin_success_rate::-1\n");
            }
        }

        return b.ToString();
    }

    private static void AppendThresholds(StringBuilder b, string name, string priority, CircuitBreakerThresholds t)
    {
        b.Append(name).Append("::").Append(priority).Append("::max_connections::").Append(t.MaxConnections).Append('\n');
        b.Append(name).Append("::").Append(priority).Append("::max_pending_requests::").Append(t.MaxPendingRequests).Append('\n');
        b.Append(name).Append("::").Append(priority).Append("::max_requests::").Append(t.MaxRequests).Append('\n');
        b.Append(name).Append("::").Append(priority).Append("::max_retries::").Append(t.MaxRetries).Append('\n');
    }

    private static void Line(StringBuilder b, string prefix, string stat, long value) =>
        b.Append(prefix).Append(stat).Append("::").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Json(List<ClusterRuntime> clusters)
    {
        var result = new Clusters();
        foreach (var cluster in clusters)
        {
            var status = new ClusterStatus
            {
                Name = cluster.Name,
                ObservabilityName = cluster.Config.AltStatName ?? cluster.Name,
                AddedViaApi = false,
            };
            foreach (var host in cluster.Hosts.Hosts.AllHosts)
            {
                var hostStatus = new HostStatus
                {
                    Address = AddressOf(host.Address),
                    Hostname = host.Hostname,
                    Weight = host.Weight,
                    Priority = (uint)host.Priority,
                    Locality = new Envoy.Config.Core.V3.Locality { Region = host.Locality.Region, Zone = host.Locality.Zone, SubZone = host.Locality.SubZone },
                    HealthStatus = new HostHealthStatus
                    {
                        EdsHealthStatus = EdsHealthOf(host.HealthFlags),
                        FailedActiveHealthCheck = (host.HealthFlags & Upstream.Hosts.HostHealthFlags.FailedActiveHealthCheck) != 0,
                        FailedOutlierCheck = (host.HealthFlags & Upstream.Hosts.HostHealthFlags.FailedOutlierCheck) != 0,
                    },
                };
                var s = host.Stats;
                hostStatus.Stats.Add(Metric("cx_connect_fail", s.CxConnectFail, SimpleMetric.Types.Type.Counter));
                hostStatus.Stats.Add(Metric("cx_total", s.CxTotal, SimpleMetric.Types.Type.Counter));
                hostStatus.Stats.Add(Metric("rq_error", s.RqError, SimpleMetric.Types.Type.Counter));
                hostStatus.Stats.Add(Metric("rq_success", s.RqSuccess, SimpleMetric.Types.Type.Counter));
                hostStatus.Stats.Add(Metric("rq_timeout", s.RqTimeout, SimpleMetric.Types.Type.Counter));
                hostStatus.Stats.Add(Metric("rq_total", s.RqTotal, SimpleMetric.Types.Type.Counter));
                hostStatus.Stats.Add(Metric("cx_active", s.CxActive, SimpleMetric.Types.Type.Gauge));
                hostStatus.Stats.Add(Metric("rq_active", s.RqActive, SimpleMetric.Types.Type.Gauge));
                status.HostStatuses.Add(hostStatus);
            }

            result.ClusterStatuses.Add(status);
        }

        return ConfigDumpFormatter.Format(result, ConfigDumpFormatter.ClustersType);
    }

    /// <summary>
    /// Envoy's clusters handler: UNHEALTHY or DEGRADED from the EDS health flags, otherwise HEALTHY (also
    /// for static endpoints that never had an EDS health status).
    /// </summary>
    private static Envoy.Config.Core.V3.HealthStatus EdsHealthOf(Upstream.Hosts.HostHealthFlags flags) =>
        (flags & Upstream.Hosts.HostHealthFlags.FailedEdsHealth) != 0 ? Envoy.Config.Core.V3.HealthStatus.Unhealthy
        : (flags & Upstream.Hosts.HostHealthFlags.DegradedEdsHealth) != 0 ? Envoy.Config.Core.V3.HealthStatus.Degraded
        : Envoy.Config.Core.V3.HealthStatus.Healthy;

    private static SimpleMetric Metric(string name, long value, SimpleMetric.Types.Type type) =>
        new() { Name = name, Value = (ulong)Math.Max(0, value), Type = type };

    private static Envoy.Config.Core.V3.Address AddressOf(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => new Envoy.Config.Core.V3.Address
        {
            SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = ip.Address.ToString(), PortValue = (uint)ip.Port },
        },
        _ => new Envoy.Config.Core.V3.Address { Pipe = new Envoy.Config.Core.V3.Pipe { Path = endPoint.ToString() ?? "" } },
    };
}
