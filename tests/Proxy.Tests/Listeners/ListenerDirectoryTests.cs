using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Listeners;
using Proxy.Listeners.Config;
using Proxy.Stats;
using Xunit;

namespace Proxy.Tests.Listeners;

public sealed class ListenerDirectoryTests
{
    [Fact]
    public void Exact_address_wins_over_the_wildcard_of_the_same_port()
    {
        var wildcard = Listener("0.0.0.0_8080", new IPEndPoint(IPAddress.Any, 8080));
        var exact = Listener("10.0.0.1_8080", new IPEndPoint(IPAddress.Parse("10.0.0.1"), 8080));
        var directory = new ListenerDirectory();
        directory.Publish([wildcard, exact]);

        Assert.Same(exact, directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 8080)));
        Assert.Same(wildcard, directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 8080)));
        Assert.Null(directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 8081)));
    }

    [Fact]
    public void Ipv6_destination_finds_the_ipv6_wildcard_only()
    {
        var v4 = Listener("0.0.0.0_80", new IPEndPoint(IPAddress.Any, 80));
        var v6 = Listener("[::]_80", new IPEndPoint(IPAddress.IPv6Any, 80));
        var directory = new ListenerDirectory();
        directory.Publish([v4, v6]);

        Assert.Same(v6, directory.Find(new IPEndPoint(IPAddress.Parse("fd00::1"), 80)));
        Assert.Same(v4, directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 80)));
    }

    [Fact]
    public void Ipv4_destination_finds_an_ipv6_wildcard_only_with_ipv4_compat()
    {
        var plain = Listener("[::]_80", new IPEndPoint(IPAddress.IPv6Any, 80));
        var compat = Listener("[::]_81", new IPEndPoint(IPAddress.IPv6Any, 81), ipv4Compat: true);
        var directory = new ListenerDirectory();
        directory.Publish([plain, compat]);

        Assert.Null(directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 80)));
        Assert.Same(compat, directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 81)));
    }

    [Fact]
    public void Additional_addresses_find_the_same_listener()
    {
        var dual = Listener("virtualOutbound", new IPEndPoint(IPAddress.Any, 15001), additional: new IPEndPoint(IPAddress.IPv6Any, 15001));
        var directory = new ListenerDirectory();
        directory.Publish([dual]);

        Assert.Same(dual, directory.Find(new IPEndPoint(IPAddress.Parse("fd00::1"), 15001)));
        Assert.Same(dual, directory.Find(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 15001)));
    }

    private static ActiveListener Listener(string name, IPEndPoint address, bool ipv4Compat = false, IPEndPoint? additional = null)
    {
        var config = new ListenerConfig
        {
            Name = name,
            Address = address,
            StatPrefix = name,
            BindToPort = false,
            Ipv4Compat = ipv4Compat,
            AdditionalAddresses = additional is null ? [] : [additional],
            DefaultFilterChain = new FilterChainConfig { Name = "default" },
        };
        return new ActiveListener(config, _ => null!, new ListenerStats(new StatsStore(), name),
            new SocketConnectionFactoryOptions(), TimeProvider.System, NullLoggerFactory.Instance);
    }
}
