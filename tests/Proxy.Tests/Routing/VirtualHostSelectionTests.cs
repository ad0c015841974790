using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class VirtualHostSelectionTests
{
    private const string Domains = """
        name: domains
        virtual_hosts:
        - name: exact
          domains: [www.foo.com, "api.foo.com:8443"]
          routes: [{match: {prefix: /}, route: {cluster: exact}}]
        - name: suffix-short
          domains: ["*.foo.com"]
          routes: [{match: {prefix: /}, route: {cluster: suffix-short}}]
        - name: suffix-long
          domains: ["*-bar.foo.com"]
          routes: [{match: {prefix: /}, route: {cluster: suffix-long}}]
        - name: prefix-short
          domains: ["foo.*"]
          routes: [{match: {prefix: /}, route: {cluster: prefix-short}}]
        - name: prefix-long
          domains: ["foo-bar.*"]
          routes: [{match: {prefix: /}, route: {cluster: prefix-long}}]
        - name: default
          domains: ["*"]
          routes: [{match: {prefix: /}, route: {cluster: default}}]
        """;

    [Theory]
    [InlineData("www.foo.com", "exact")]
    [InlineData("WWW.Foo.COM", "exact")]
    [InlineData("x.foo.com", "suffix-short")]
    [InlineData("baz-bar.foo.com", "suffix-long")]
    [InlineData("-bar.foo.com", "suffix-short")]
    [InlineData("foo.example.org", "prefix-short")]
    [InlineData("foo-bar.example.org", "prefix-long")]
    [InlineData(".foo.com", "default")]
    [InlineData("other.org", "default")]
    [InlineData("api.foo.com:8443", "exact")]
    [InlineData("api.foo.com", "suffix-short")]
    [InlineData("www.foo.com:80", "default")]
    public void FollowsEnvoysDomainSearchOrder(string authority, string expected)
    {
        RouteTable table = Routes.Table(Domains);
        Assert.Equal(expected, table.FindVirtualHost(authority)?.Name);
    }

    [Fact]
    public void ExactBeatsWildcardsAndSuffixBeatsPrefix()
    {
        RouteTable table = Routes.Table("""
            virtual_hosts:
            - {name: suffix, domains: ["*.example.com"], routes: []}
            - {name: prefix, domains: ["www.*"], routes: []}
            - {name: exact, domains: [www.example.com], routes: []}
            """);
        Assert.Equal("exact", table.FindVirtualHost("www.example.com")!.Name);
        Assert.Equal("suffix", table.FindVirtualHost("www.a.example.com")!.Name);
        Assert.Equal("prefix", table.FindVirtualHost("www.example.org")!.Name);
    }

    [Fact]
    public void NoMatchWithoutDefaultIsNull()
    {
        RouteTable table = Routes.Table("virtual_hosts: [{name: a, domains: [a.com], routes: []}]");
        Assert.Null(table.FindVirtualHost("b.com"));
        Assert.Null(table.Route(Routes.Request("/", authority: "b.com"), 0).VirtualHost);
    }

    [Fact]
    public void OnlyDefaultMatchesEvenWithoutAuthority()
    {
        RouteTable table = Routes.Table("virtual_hosts: [{name: any, domains: ['*'], routes: []}]");
        Assert.Equal("any", table.FindVirtualHost("")!.Name);
    }

    [Fact]
    public void WithOtherDomainsNoAuthorityGetsNoVirtualHostButAnEmptyOneGetsTheDefault()
    {
        RouteTable table = Routes.Table("virtual_hosts: [{name: a, domains: [a.com], routes: []}, {name: any, domains: ['*'], routes: []}, {name: w, domains: ['*.com', 'x*'], routes: []}]");
        Assert.Null(table.FindVirtualHost(null));
        Assert.Equal("any", table.FindVirtualHost("")!.Name);
    }

    [Theory]
    [InlineData("example.com:8080", "plain")]
    [InlineData("example.com", "plain")]
    [InlineData("[::1]:80", "v6")]
    public void IgnorePortInHostMatchingDropsTheRequestPort(string authority, string expected)
    {
        RouteTable table = Routes.Table("""
            ignore_port_in_host_matching: true
            virtual_hosts:
            - {name: plain, domains: [example.com], routes: []}
            - {name: v6, domains: ["[::1]"], routes: []}
            """);
        Assert.Equal(expected, table.FindVirtualHost(authority)!.Name);
    }

    [Fact]
    public void WithoutIgnorePortAPortedHostNeedsAPortedDomain()
    {
        RouteTable table = Routes.Table("virtual_hosts: [{name: plain, domains: [example.com], routes: []}]");
        Assert.Null(table.FindVirtualHost("example.com:8080"));
    }
}
