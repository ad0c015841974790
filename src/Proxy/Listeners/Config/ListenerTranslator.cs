using System.Net;
using Envoy.Config.Listener.V3;
using Google.Protobuf;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Rbac;
using Proxy.Xds;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;
using NetworkRbacProto = Envoy.Extensions.Filters.Network.Rbac.V3.RBAC;
using TcpProxyProto = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Proxy.Listeners.Config;

/// <summary>Turns an envoy.config.listener.v3.Listener into a validated <see cref="ListenerConfig"/>.</summary>
internal static class ListenerTranslator
{
    private const string HcmType = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    private const string TcpProxyType = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    private const string HttpInspectorType = "envoy.extensions.filters.listener.http_inspector.v3.HttpInspector";
    private const string TlsInspectorType = "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector";
    private const string OriginalDstType = "envoy.extensions.filters.listener.original_dst.v3.OriginalDst";
    private const string RawBufferType = "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer";

    public static ListenerConfig Translate(Listener proto, ListenerTranslationContext context)
    {
        if (string.IsNullOrEmpty(proto.Name))
        {
            // Envoy: "If no name is provided, Envoy will allocate an internal UUID for the listener."
            proto = proto.Clone();
            proto.Name = Guid.NewGuid().ToString();
        }

        try
        {
            return TranslateNamed(proto, context);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At($"listener '{proto.Name}'", e);
        }
    }

    private static ListenerConfig TranslateNamed(Listener proto, ListenerTranslationContext context)
    {
        EndPoint address;
        var ipv4Compat = false;
        if (proto.Address is not null)
        {
            address = AddressTranslator.Translate(proto.Address, "address", out ipv4Compat);
        }
        else if (proto.InternalListener is not null)
        {
            // Envoy: an internal listener without an address is addressed by its name.
            address = new InternalEndPoint(proto.Name);
        }
        else
        {
            throw new ConfigException("address: is required (or internal_listener)");
        }

        // An internal listener is reached only through Envoy's internal upstream transport, which the proxy
        // does not originate yet: its matcher-based chain selection (Istio's waypoints and HBONE listeners)
        // is accepted and never evaluated. A listener that binds must use filter_chain_match.
        if (proto.FilterChainMatcher is not null && address is not InternalEndPoint)
        {
            throw new ConfigException("filter_chain_matcher: the matcher-based filter chain selection is not supported; use filter_chain_match");
        }

        var additional = new List<EndPoint>();
        for (var i = 0; i < proto.AdditionalAddresses.Count; i++)
        {
            // Istio's dual-stack virtualOutbound/virtualInbound: [::]:15001 beside 0.0.0.0:15001, one listener.
            var extra = proto.AdditionalAddresses[i].Address
                ?? throw new ConfigException($"additional_addresses[{i}].address: is required");
            var translated = AddressTranslator.Translate(extra, $"additional_addresses[{i}].address", out _);
            if (translated is not IPEndPoint || address is not IPEndPoint)
            {
                throw new ConfigException($"additional_addresses[{i}].address: only socket addresses can be combined");
            }

            additional.Add(translated);
        }
        var chains = new List<FilterChainConfig>();
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < proto.FilterChains.Count; i++)
        {
            var chain = TranslateChain(proto.FilterChains[i], $"filter_chains[{i}]", context);
            // Names are the keys of filter_chain_matcher; without one, Envoy accepts repeated names (Istio's
            // virtualInbound has two 'virtualInbound-catchall-http' chains).
            if (proto.FilterChainMatcher is not null && proto.FilterChains[i].Name.Length > 0 && !seenNames.Add(chain.Name))
            {
                throw new ConfigException($"filter_chains[{i}].name: '{chain.Name}' is used twice");
            }

            chains.Add(chain);
        }

        if (proto.FilterChainMatcher is null)
        {
            // With a matcher, chains are picked by name and carry no filter_chain_match (as in Envoy).
            RejectDuplicateMatches(chains);
        }

        var defaultChain = proto.DefaultFilterChain is null ? null : TranslateChain(proto.DefaultFilterChain, "default_filter_chain", context);
        if (chains.Count == 0 && defaultChain is null && address is not InternalEndPoint)
        {
            throw new ConfigException("filter_chains: at least one filter chain or a default_filter_chain is required");
        }

        var listenerFilters = TranslateListenerFilters(proto, context);
        var bindToPort = proto.BindToPort ?? true;
        if (address is InternalEndPoint)
        {
            bindToPort = false;
        }

        return new ListenerConfig
        {
            Name = proto.Name,
            Address = address,
            Ipv4Compat = ipv4Compat,
            AdditionalAddresses = additional,
            StatPrefix = string.IsNullOrEmpty(proto.StatPrefix) ? AddressTranslator.StatName(address) : proto.StatPrefix,
            BindToPort = bindToPort,
            ReusePort = proto.EnableReusePort ?? true,
            UseOriginalDst = proto.UseOriginalDst ?? false,
            TrafficDirection = proto.TrafficDirection switch
            {
                Envoy.Config.Core.V3.TrafficDirection.Inbound => "INBOUND",
                Envoy.Config.Core.V3.TrafficDirection.Outbound => "OUTBOUND",
                _ => "UNSPECIFIED",
            },
            Transparent = proto.Transparent ?? false,
            ListenerFilters = listenerFilters,
            ReadsOriginalDst = listenerFilters.Exists(static f => f.Kind == ListenerFilterKind.OriginalDst),
            ListenerFiltersTimeout = proto.ListenerFiltersTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(15),
            ContinueOnListenerFiltersTimeout = proto.ContinueOnListenerFiltersTimeout,
            FilterChains = chains,
            DefaultFilterChain = defaultChain,
            PerConnectionBufferLimitBytes = (int)Math.Min(proto.PerConnectionBufferLimitBytes ?? 1024 * 1024, int.MaxValue),
            Backlog = (int)Math.Min(proto.TcpBacklogSize ?? 512, int.MaxValue),
            AccessLogCount = proto.AccessLog.Count,
        };
    }

    private static List<ListenerFilterConfig> TranslateListenerFilters(Listener proto, ListenerTranslationContext context)
    {
        var filters = new List<ListenerFilterConfig>();
        for (var i = 0; i < proto.ListenerFilters.Count; i++)
        {
            var filter = proto.ListenerFilters[i];
            var field = $"listener_filters[{i}]";
            if (filter.ConfigTypeCase != ListenerFilter.ConfigTypeOneofCase.TypedConfig)
            {
                throw new ConfigException($"{field} '{filter.Name}': typed_config is required");
            }

            var typeName = AnyTypes.EffectiveTypeName(filter.TypedConfig);
            var disabled = filter.FilterDisabled is null ? null : TranslatePredicate(filter.FilterDisabled, field + ".filter_disabled");
            switch (typeName)
            {
                case HttpInspectorType:
                    filters.Add(new ListenerFilterConfig(ListenerFilterKind.HttpInspector, disabled));
                    break;
                case TlsInspectorType:
                    filters.Add(new ListenerFilterConfig(ListenerFilterKind.TlsInspector, disabled));
                    break;
                case OriginalDstType:
                    filters.Add(new ListenerFilterConfig(ListenerFilterKind.OriginalDst, disabled));
                    break;
                default:
                    if (!context.InactiveListenerFilters.Contains(typeName))
                    {
                        throw new ConfigException($"{field} '{filter.Name}': no listener filter is registered for type {typeName}");
                    }

                    break;
            }
        }

        return filters;
    }

    private static ListenerFilterPredicate TranslatePredicate(ListenerFilterChainMatchPredicate proto, string field)
    {
        switch (proto.RuleCase)
        {
            case ListenerFilterChainMatchPredicate.RuleOneofCase.AnyMatch:
                return new ListenerFilterPredicate.AnyMatch();
            case ListenerFilterChainMatchPredicate.RuleOneofCase.DestinationPortRange:
                return new ListenerFilterPredicate.DestinationPortRange(proto.DestinationPortRange.Start, proto.DestinationPortRange.End);
            case ListenerFilterChainMatchPredicate.RuleOneofCase.NotMatch:
                return new ListenerFilterPredicate.Not(TranslatePredicate(proto.NotMatch, field + ".not_match"));
            case ListenerFilterChainMatchPredicate.RuleOneofCase.OrMatch:
                return new ListenerFilterPredicate.Or(TranslateRules(proto.OrMatch.Rules, field + ".or_match"));
            case ListenerFilterChainMatchPredicate.RuleOneofCase.AndMatch:
                return new ListenerFilterPredicate.And(TranslateRules(proto.AndMatch.Rules, field + ".and_match"));
            default:
                throw new ConfigException($"{field}: a rule is required");
        }
    }

    private static List<ListenerFilterPredicate> TranslateRules(IList<ListenerFilterChainMatchPredicate> rules, string field)
    {
        var result = new List<ListenerFilterPredicate>();
        for (var i = 0; i < rules.Count; i++)
        {
            result.Add(TranslatePredicate(rules[i], $"{field}.rules[{i}]"));
        }

        return result;
    }

    private static FilterChainConfig TranslateChain(FilterChain proto, string field, ListenerTranslationContext context)
    {
        try
        {
            return TranslateChainCore(proto, context);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(field, e);
        }
    }

    private static FilterChainConfig TranslateChainCore(FilterChain proto, ListenerTranslationContext context)
    {
        var chain = new FilterChainConfig
        {
            Name = proto.Name,
            Match = TranslateMatch(proto.FilterChainMatch),
            Refusal = TranslateTransportSocket(proto.TransportSocket, context),
        };

        if (proto.Filters.Count == 0)
        {
            throw new ConfigException("filters: a filter chain needs a terminal network filter");
        }

        var ignored = new List<string>();
        var rbac = new List<NetworkRbacFilter>();
        for (var i = 0; i < proto.Filters.Count; i++)
        {
            var filter = proto.Filters[i];
            var where = $"filters[{i}] '{filter.Name}'";
            var last = i == proto.Filters.Count - 1;
            if (filter.ConfigTypeCase != Filter.ConfigTypeOneofCase.TypedConfig)
            {
                throw new ConfigException($"{where}: typed_config is required");
            }

            var typeName = AnyTypes.EffectiveTypeName(filter.TypedConfig);
            try
            {
                switch (typeName)
                {
                    case HcmType:
                        RequireLast(last, where);
                        chain = chain with { HttpConnectionManager = context.TranslateHttpConnectionManager(TypedConfigs.Unpack(filter.TypedConfig, Hcm.Parser, HcmType)) };
                        break;
                    case TcpProxyType:
                        RequireLast(last, where);
                        var tcpProxy = TypedConfigs.Unpack(filter.TypedConfig, TcpProxyProto.Parser, TcpProxyType);
                        chain = chain with { TcpProxy = context.TranslateTcpProxy(tcpProxy) };
                        if (tcpProxy.TunnelingConfig is not null)
                        {
                            // Istio's HBONE origination (connect_originate): without the tunnel, refuse.
                            chain = chain with { Refusal = chain.Refusal ?? "tcp_proxy tunneling_config (HTTP CONNECT tunnels are not originated yet)" };
                        }

                        break;
                    case NetworkRbacTranslator.Type:
                        RequireNotLast(last, typeName);
                        rbac.Add(context.TranslateNetworkRbac(filter.Name, TypedConfigs.Unpack(filter.TypedConfig, NetworkRbacProto.Parser, NetworkRbacTranslator.Type)));
                        break;
                    default:
                        if (!context.InactiveNetworkFilters.Contains(typeName))
                        {
                            throw new ConfigException($"no network filter is registered for type {typeName}");
                        }

                        RequireNotLast(last, typeName);
                        ignored.Add(filter.Name);
                        break;
                }
            }
            catch (ConfigException e) when (!e.Message.StartsWith(where, StringComparison.Ordinal))
            {
                throw ConfigException.At(where, e);
            }
        }

        return chain with { IgnoredFilters = ignored, NetworkRbac = rbac };
    }

    private static void RequireNotLast(bool last, string typeName)
    {
        if (last)
        {
            throw new ConfigException($"{typeName} is not a terminal filter; the last filter must be http_connection_manager or tcp_proxy");
        }
    }

    private static void RequireLast(bool last, string where)
    {
        if (!last)
        {
            throw new ConfigException($"{where}: a terminal filter must be the last in the filter chain");
        }
    }

    private static string? TranslateTransportSocket(Envoy.Config.Core.V3.TransportSocket? socket, ListenerTranslationContext context)
    {
        if (socket is null || socket.ConfigTypeCase != Envoy.Config.Core.V3.TransportSocket.ConfigTypeOneofCase.TypedConfig)
        {
            return null;
        }

        var typeName = AnyTypes.EffectiveTypeName(socket.TypedConfig);
        if (typeName == RawBufferType)
        {
            return null;
        }

        if (context.InactiveTransportSockets.Contains(typeName))
        {
            return "transport socket " + typeName;
        }

        throw new ConfigException($"transport_socket: no transport socket is registered for type {typeName}");
    }

    private static FilterChainMatch TranslateMatch(Envoy.Config.Listener.V3.FilterChainMatch? proto)
    {
        if (proto is null)
        {
            return FilterChainMatch.Any;
        }

        if (!string.IsNullOrEmpty(proto.AddressSuffix) || proto.SuffixLen is not null)
        {
            throw new ConfigException("filter_chain_match.address_suffix: not supported (Envoy does not implement it either)");
        }

        var names = new List<string>();
        foreach (var name in proto.ServerNames)
        {
            names.Add(name.ToLowerInvariant());
        }

        var ports = new List<int>();
        foreach (var port in proto.SourcePorts)
        {
            ports.Add((int)port);
        }

        return new FilterChainMatch
        {
            DestinationPort = proto.DestinationPort is { } p ? (int)p : null,
            PrefixRanges = CidrRangeTranslator.Translate(proto.PrefixRanges, "filter_chain_match.prefix_ranges"),
            ServerNames = names,
            TransportProtocol = proto.TransportProtocol,
            ApplicationProtocols = [.. proto.ApplicationProtocols],
            DirectSourcePrefixRanges = CidrRangeTranslator.Translate(proto.DirectSourcePrefixRanges, "filter_chain_match.direct_source_prefix_ranges"),
            SourceType = proto.SourceType switch
            {
                Envoy.Config.Listener.V3.FilterChainMatch.Types.ConnectionSourceType.SameIpOrLoopback => ConnectionSourceType.SameIpOrLoopback,
                Envoy.Config.Listener.V3.FilterChainMatch.Types.ConnectionSourceType.External => ConnectionSourceType.External,
                _ => ConnectionSourceType.Any,
            },
            SourcePrefixRanges = CidrRangeTranslator.Translate(proto.SourcePrefixRanges, "filter_chain_match.source_prefix_ranges"),
            SourcePorts = ports,
        };
    }

    /// <summary>Envoy refuses two chains with the same match ("multiple filter chains with the same matching rules").</summary>
    private static void RejectDuplicateMatches(List<FilterChainConfig> chains)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < chains.Count; i++)
        {
            var key = MatchKey(chains[i].Match);
            if (keys.TryGetValue(key, out var first))
            {
                throw new ConfigException($"filter_chains[{i}]: multiple filter chains with the same matching rules are defined (same as filter_chains[{first}])");
            }

            keys[key] = i;
        }
    }

    private static string MatchKey(FilterChainMatch m) =>
        string.Join('|', m.DestinationPort?.ToString() ?? "", string.Join(',', m.PrefixRanges), string.Join(',', m.ServerNames),
            m.TransportProtocol, string.Join(',', m.ApplicationProtocols), string.Join(',', m.DirectSourcePrefixRanges),
            m.SourceType.ToString(), string.Join(',', m.SourcePrefixRanges), string.Join(',', m.SourcePorts));
}
