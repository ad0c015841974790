using System.Net;
using Proxy.Upstream.Dns;

namespace Proxy.Tests.Upstream.Dns;

public sealed class DnsFamilyFilterTests
{
    private static readonly IPAddress[] Both = [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::1"), IPAddress.Parse("10.0.0.2")];
    private static readonly IPAddress[] V4 = [IPAddress.Parse("10.0.0.1")];
    private static readonly IPAddress[] V6 = [IPAddress.Parse("fd00::1")];

    [Theory]
    [InlineData(DnsLookupFamily.Auto, "fd00::1")]
    [InlineData(DnsLookupFamily.V4Preferred, "10.0.0.1,10.0.0.2")]
    [InlineData(DnsLookupFamily.V4Only, "10.0.0.1,10.0.0.2")]
    [InlineData(DnsLookupFamily.V6Only, "fd00::1")]
    [InlineData(DnsLookupFamily.All, "10.0.0.1,fd00::1,10.0.0.2")]
    public void FamiliesAsEnvoy(DnsLookupFamily family, string expected)
    {
        Assert.Equal(expected, string.Join(",", DnsFamilyFilter.Apply(family, Both)));
    }

    [Fact]
    public void AutoAndPreferredFallBackToTheOtherFamily()
    {
        Assert.Equal(V4, DnsFamilyFilter.Apply(DnsLookupFamily.Auto, V4).ToArray());
        Assert.Equal(V6, DnsFamilyFilter.Apply(DnsLookupFamily.V4Preferred, V6).ToArray());
        Assert.Empty(DnsFamilyFilter.Apply(DnsLookupFamily.V4Only, V6));
    }

    [Fact]
    public async Task SystemResolverReturnsIpLiteralsAsIs()
    {
        var result = await SystemDnsResolver.Instance.ResolveAsync("127.0.0.1", DnsLookupFamily.V6Only, CancellationToken.None);
        Assert.True(result.Success);
        Assert.Equal([IPAddress.Loopback], result.Addresses.ToArray());
        Assert.Null(result.Ttl);
    }
}
