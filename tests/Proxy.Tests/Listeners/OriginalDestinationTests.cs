using System.Net;
using Proxy.Listeners.Inspection;
using Xunit;

namespace Proxy.Tests.Listeners;

public sealed class OriginalDestinationTests
{
    [Fact]
    public void Sockaddr_in_gives_address_and_network_order_port()
    {
        // AF_INET = 2 (host order), port 8080 = 0x1F90 big endian, 10.1.2.3, 8 bytes of zero padding.
        byte[] sockaddr = [2, 0, 0x1F, 0x90, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 8080), OriginalDestination.Parse(sockaddr));
    }

    [Fact]
    public void Sockaddr_in6_gives_address_port_and_scope()
    {
        var sockaddr = new byte[28];
        sockaddr[0] = 10; // AF_INET6
        sockaddr[2] = 0x00;
        sockaddr[3] = 0x50; // port 80
        IPAddress.Parse("fd00::7").GetAddressBytes().CopyTo(sockaddr, 8);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("fd00::7"), 80), OriginalDestination.Parse(sockaddr));
    }

    [Fact]
    public void Ipv4_mapped_ipv6_destination_is_reported_as_ipv4()
    {
        var sockaddr = new byte[28];
        sockaddr[0] = 10;
        sockaddr[3] = 81;
        IPAddress.Parse("::ffff:192.0.2.9").GetAddressBytes().CopyTo(sockaddr, 8);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 81), OriginalDestination.Parse(sockaddr));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 2, 0, 0, 80 })]
    [InlineData(new byte[] { 1, 0, 0, 80, 1, 2, 3, 4 })]
    public void Unknown_or_short_sockaddr_gives_nothing(byte[] sockaddr)
    {
        Assert.Null(OriginalDestination.Parse(sockaddr));
    }
}
