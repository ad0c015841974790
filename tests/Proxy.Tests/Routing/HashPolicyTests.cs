using System.Net;
using Proxy.Filters.StreamInfo;
using Proxy.Routing;
using Proxy.Routing.Actions;
using Proxy.Routing.Hashing;

namespace Proxy.Tests.Routing;

public sealed class HashPolicyTests
{
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("10.0.0.1"), 1234);
    private static readonly IPEndPoint Local = new(IPAddress.Parse("10.0.0.2"), 80);

    private static HashPolicy[] Policies(string hashPolicyYaml) =>
        Routes.WithRoutes($"- {{match: {{prefix: /}}, route: {{cluster: c, hash_policy: {hashPolicyYaml}}}}}").VirtualHosts[0].Routes[0].RouteAction!.HashPolicies;

    private static ulong? Hash(string hashPolicyYaml, RequestView request, StreamInfo? info = null) =>
        RouteHasher.ComputeHash(Policies(hashPolicyYaml), request, Remote, Local, info, out _);

    // Expected hashes computed with the reference XXH64 (libxxhash), seed 0.
    [Fact]
    public void HeaderValueIsHashedWithXxHash64()
    {
        Assert.Equal(0x397e9d3a76af7c81UL, Hash("[{header: {header_name: x-user-id}}]", Routes.Request("/", headers: [("x-user-id", "user-42")])));
        Assert.Null(Hash("[{header: {header_name: x-user-id}}]", Routes.Request("/")));
    }

    [Fact]
    public void SeveralHeaderValuesAreSortedThenHashedTogether()
    {
        ulong? forward = Hash("[{header: {header_name: x-v}}]", Routes.Request("/", headers: [("x-v", "foo"), ("x-v", "bar")]));
        ulong? backward = Hash("[{header: {header_name: x-v}}]", Routes.Request("/", headers: [("x-v", "bar"), ("x-v", "foo")]));
        Assert.Equal(0x98430081820ed765UL, forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void HeaderRegexRewriteAppliesBeforeHashing()
    {
        Assert.Equal(0x397e9d3a76af7c81UL, Hash(@"[{header: {header_name: x-user, regex_rewrite: {pattern: {regex: '^id=(.*)$'}, substitution: '\1'}}}]", Routes.Request("/", headers: [("x-user", "id=user-42")])));
    }

    [Fact]
    public void SourceIpHashesTheAddressWithoutPort()
    {
        Assert.Equal(0xed16cb68c786e3d7UL, Hash("[{connection_properties: {source_ip: true}}]", Routes.Request("/")));
        Assert.Empty(Policies("[{connection_properties: {source_ip: false}}]"));
        Assert.Null(RouteHasher.ComputeHash(Policies("[{connection_properties: {source_ip: true}}]"), Routes.Request("/"), new System.Net.Sockets.UnixDomainSocketEndPoint("/tmp/s"), null, null, out _));
    }

    [Fact]
    public void QueryParameterUsesTheFirstValue()
    {
        Assert.Equal(0x33bf00a859c4ba3fUL, Hash("[{query_parameter: {name: session}}]", Routes.Request("/p?session=foo&session=bar")));
        Assert.Null(Hash("[{query_parameter: {name: session}}]", Routes.Request("/p?other=foo")));
    }

    [Fact]
    public void CookieValueIsHashedWithoutQuotes()
    {
        Assert.Equal(0x33bf00a859c4ba3fUL, Hash("[{cookie: {name: sid}}]", Routes.Request("/", headers: [("cookie", "a=1; sid=\"foo\"; b=2")])));
        Assert.Equal(0x33bf00a859c4ba3fUL, Hash("[{cookie: {name: sid}}]", Routes.Request("/", headers: [("cookie", "x=y"), ("cookie", "sid=foo")])));
        Assert.Null(Hash("[{cookie: {name: sid}}]", Routes.Request("/", headers: [("cookie", "SID=foo")])));
    }

    [Fact]
    public void MissingCookieWithTtlIsGeneratedFromTheAddresses()
    {
        HashPolicy[] policies = Policies("[{cookie: {name: sid, ttl: 3600s, path: /app, attributes: [{name: SameSite, value: Strict}, {name: Secure}]}}]");
        ulong? hash = RouteHasher.ComputeHash(policies, Routes.Request("/"), Remote, Local, null, out string? setCookie);
        // Value: hex XXH64("10.0.0.1:1234" + "10.0.0.2:80") = 4db262636623432b; the hash is XXH64 of that text.
        Assert.Equal("sid=\"4db262636623432b\"; Max-Age=3600; Path=/app; SameSite=Strict; Secure; HttpOnly", setCookie);
        Assert.Equal(0x12f367b7430fdcf9UL, hash);
    }

    [Fact]
    public void SessionCookieHasNoMaxAge()
    {
        RouteHasher.ComputeHash(Policies("[{cookie: {name: sid, ttl: 0s}}]"), Routes.Request("/"), Remote, Local, null, out string? setCookie);
        Assert.Equal("sid=\"4db262636623432b\"; HttpOnly", setCookie);
    }

    [Fact]
    public void MissingCookieWithoutTtlGivesNoHash()
    {
        Assert.Null(RouteHasher.ComputeHash(Policies("[{cookie: {name: sid}}]"), Routes.Request("/"), Remote, Local, null, out string? setCookie));
        Assert.Null(setCookie);
    }

    [Fact]
    public void PoliciesCombineByRotatingAndXoring()
    {
        // rotl(XXH64("foo"), 1) ^ XXH64("10.0.0.1")
        ulong? hash = Hash("[{query_parameter: {name: q}}, {connection_properties: {source_ip: true}}]", Routes.Request("/?q=foo"));
        Assert.Equal(0x8a68ca38740f97a9UL, hash);
    }

    [Fact]
    public void TerminalStopsOnceAHashExists()
    {
        // The terminal header policy yields nothing here, so evaluation goes on.
        Assert.Equal(0xed16cb68c786e3d7UL, Hash("[{header: {header_name: x-missing}, terminal: true}, {connection_properties: {source_ip: true}}]", Routes.Request("/")));
        // Now it yields: the source IP policy is skipped.
        Assert.Equal(0x33bf00a859c4ba3fUL, Hash("[{query_parameter: {name: q}, terminal: true}, {connection_properties: {source_ip: true}}]", Routes.Request("/?q=foo")));
    }

    [Fact]
    public void DuplicatePoliciesDoNotCancelOut()
    {
        Assert.NotEqual(0UL, Hash("[{query_parameter: {name: q}}, {query_parameter: {name: q}}]", Routes.Request("/?q=foo")));
    }

    [Fact]
    public void FilterStateHashesHashableObjects()
    {
        var info = new StreamInfo();
        info.FilterState["my.key"] = new Hashable(42);
        Assert.Equal(42UL, Hash("[{filter_state: {key: my.key}}]", Routes.Request("/"), info));
        info.FilterState["my.key"] = "not hashable";
        Assert.Null(Hash("[{filter_state: {key: my.key}}]", Routes.Request("/"), info));
        Assert.Null(Hash("[{filter_state: {key: my.key}}]", Routes.Request("/"), new StreamInfo()));
    }

    [Fact]
    public void NoPoliciesNoHash()
    {
        Assert.Null(RouteHasher.ComputeHash([], Routes.Request("/"), Remote, Local, null, out _));
    }

    private sealed class Hashable(ulong value) : IHashable
    {
        public ulong? Hash() => value;
    }
}
