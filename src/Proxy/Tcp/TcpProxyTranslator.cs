using Envoy.Config.Accesslog.V3;
using Proxy.Filters.AccessLog;
using Proxy.Filters.Extensions;
using TcpProxyProto = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Proxy.Tcp;

/// <summary>Turns a TcpProxy proto into a validated <see cref="TcpProxyConfig"/>.</summary>
internal static class TcpProxyTranslator
{
    public static TcpProxyConfig Translate(TcpProxyProto proto, Func<AccessLog, IAccessLogger> createAccessLog)
    {
        if (string.IsNullOrEmpty(proto.StatPrefix))
        {
            throw new ConfigException("stat_prefix: must not be empty");
        }

        var config = new TcpProxyConfig
        {
            StatPrefix = proto.StatPrefix,
            IdleTimeout = proto.IdleTimeout?.ToTimeSpan() ?? TimeSpan.FromHours(1),
            MaxConnectAttempts = (int)(proto.MaxConnectAttempts ?? 1),
            MaxDownstreamConnectionDuration = proto.MaxDownstreamConnectionDuration?.ToTimeSpan() ?? TimeSpan.Zero,
        };

        if (config.MaxConnectAttempts < 1)
        {
            throw new ConfigException("max_connect_attempts: must be at least 1");
        }

        switch (proto.ClusterSpecifierCase)
        {
            case TcpProxyProto.ClusterSpecifierOneofCase.Cluster:
                if (string.IsNullOrEmpty(proto.Cluster))
                {
                    throw new ConfigException("cluster: must not be empty");
                }

                config = config with { Cluster = proto.Cluster };
                break;
            case TcpProxyProto.ClusterSpecifierOneofCase.WeightedClusters:
                config = TranslateWeighted(proto.WeightedClusters, config);
                break;
            default:
                throw new ConfigException("cluster_specifier: one of cluster or weighted_clusters is required");
        }

        var logs = new List<IAccessLogger>();
        for (var i = 0; i < proto.AccessLog.Count; i++)
        {
            try
            {
                logs.Add(createAccessLog(proto.AccessLog[i]));
            }
            catch (ConfigException e)
            {
                throw ConfigException.At($"access_log[{i}]", e);
            }
        }

        return config with { AccessLogs = logs };
    }

    private static TcpProxyConfig TranslateWeighted(TcpProxyProto.Types.WeightedCluster weighted, TcpProxyConfig config)
    {
        if (weighted.Clusters.Count == 0)
        {
            throw new ConfigException("weighted_clusters.clusters: at least one cluster is required");
        }

        var entries = new List<WeightedCluster>();
        ulong total = 0;
        for (var i = 0; i < weighted.Clusters.Count; i++)
        {
            var entry = weighted.Clusters[i];
            if (string.IsNullOrEmpty(entry.Name))
            {
                throw new ConfigException($"weighted_clusters.clusters[{i}].name: must not be empty");
            }

            entries.Add(new WeightedCluster(entry.Name, entry.Weight));
            total += entry.Weight;
        }

        if (total == 0)
        {
            throw new ConfigException("weighted_clusters: the weights add up to 0");
        }

        return config with { WeightedClusters = entries, TotalWeight = total };
    }
}
