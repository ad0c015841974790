using System.Net;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Listener.OriginalDst.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Config;
using Proxy.Filters.AccessLog;
using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.Extensions;
using Proxy.Listeners.Config;
using Proxy.Stats;
using Xunit;

namespace Proxy.Tests.Listeners;

public sealed class ListenerTranslatorTests
{
    [Fact]
    public void Virtual_outbound_shape_keeps_original_dst_and_its_additional_ipv6_address()
    {
        var proto = VirtualOutbound();
        proto.AdditionalAddresses.Add(new AdditionalAddress { Address = Socket("::", 15001) });

        var config = Translate(proto);

        Assert.True(config.UseOriginalDst);
        Assert.True(config.ReadsOriginalDst);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, 15001), Assert.Single(config.AdditionalAddresses));
    }

    [Fact]
    public void Listener_without_original_dst_filter_does_not_read_it()
    {
        var proto = VirtualOutbound();
        proto.ListenerFilters.Clear();

        Assert.False(Translate(proto).ReadsOriginalDst);
    }

    [Fact]
    public void Additional_address_without_a_socket_address_names_the_field()
    {
        var proto = VirtualOutbound();
        proto.AdditionalAddresses.Add(new AdditionalAddress());

        var error = Assert.Throws<ConfigException>(() => Translate(proto));

        Assert.Contains("additional_addresses[0].address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listener_without_a_name_gets_a_generated_one_as_in_envoy()
    {
        var proto = VirtualOutbound();
        proto.Name = "";

        var config = Translate(proto);

        Assert.True(Guid.TryParse(config.Name, out _));
        Assert.Equal("", proto.Name);
    }

    [Fact]
    public void An_internal_listener_without_an_address_is_addressed_by_its_name_and_may_use_a_matcher()
    {
        var proto = VirtualOutbound();
        proto.Name = "main_internal";
        proto.Address = null;
        proto.InternalListener = new Listener.Types.InternalListenerConfig();
        proto.FilterChainMatcher = new global::Xds.Type.Matcher.V3.Matcher();

        var config = Translate(proto);

        Assert.Equal("main_internal", Assert.IsType<InternalEndPoint>(config.Address).ServerListenerName);
        Assert.False(config.BindToPort);
    }

    [Fact]
    public void A_listener_that_binds_refuses_a_filter_chain_matcher_and_one_without_address_is_refused()
    {
        var proto = VirtualOutbound();
        proto.FilterChainMatcher = new global::Xds.Type.Matcher.V3.Matcher();
        Assert.Contains("filter_chain_matcher", Assert.Throws<ConfigException>(() => Translate(proto)).Message, StringComparison.Ordinal);

        var unaddressed = VirtualOutbound();
        unaddressed.Address = null;
        Assert.Contains("address: is required", Assert.Throws<ConfigException>(() => Translate(unaddressed)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_chain_names_are_accepted_without_a_matcher()
    {
        var proto = VirtualOutbound();
        var second = proto.FilterChains[0].Clone();
        second.FilterChainMatch = new Envoy.Config.Listener.V3.FilterChainMatch { DestinationPort = 80 };
        proto.FilterChains.Add(second);

        Assert.Equal(2, Translate(proto).FilterChains.Count);
    }

    [Fact]
    public void A_tcp_proxy_that_tunnels_over_connect_makes_its_chain_refuse_connections()
    {
        var proto = VirtualOutbound();
        var tcp = proto.FilterChains[0].Filters[0].TypedConfig.Unpack<TcpProxy>();
        tcp.TunnelingConfig = new TcpProxy.Types.TunnelingConfig { Hostname = "%DOWNSTREAM_LOCAL_ADDRESS%" };
        proto.FilterChains[0].Filters[0].TypedConfig = Any.Pack(tcp);

        var chain = Assert.Single(Translate(proto).FilterChains);

        Assert.Contains("tunneling_config", chain.Refusal, StringComparison.Ordinal);
        Assert.Null(Assert.Single(Translate(VirtualOutbound()).FilterChains).Refusal);
    }

    private static ListenerConfig Translate(Listener proto)
    {
        using var files = new AccessLogFileManager(TimeProvider.System);
        var translator = new ConfigTranslator(new AccessLogFactoryContext(files) { TimeProvider = TimeProvider.System }, new StatsStore(), TimeProvider.System);
        return translator.TranslateListener(proto);
    }

    private static Listener VirtualOutbound()
    {
        var listener = new Listener { Name = "virtualOutbound", Address = Socket("0.0.0.0", 15001), UseOriginalDst = true };
        listener.ListenerFilters.Add(new ListenerFilter { Name = "envoy.filters.listener.original_dst", TypedConfig = Any.Pack(new OriginalDst()) });
        var chain = new FilterChain { Name = "virtualOutbound-catchall-tcp" };
        chain.Filters.Add(new Filter
        {
            Name = "envoy.filters.network.tcp_proxy",
            TypedConfig = Any.Pack(new TcpProxy { StatPrefix = "PassthroughCluster", Cluster = "PassthroughCluster" }),
        });
        listener.FilterChains.Add(chain);
        return listener;
    }

    private static Address Socket(string ip, uint port) =>
        new() { SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = ip, PortValue = port } };
}
