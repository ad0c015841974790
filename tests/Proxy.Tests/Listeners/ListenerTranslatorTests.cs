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
