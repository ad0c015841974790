using System.Text;
using Proxy.Upstream.Http1;
using Xunit;

namespace Proxy.Tests.Upstream.Http1;

public sealed class KnownResponseHeaderNamesTests
{
    [Theory]
    [InlineData("content-length", "Content-Length")]
    [InlineData("CONTENT-TYPE", "Content-Type")]
    [InlineData("etag", "ETag")]
    [InlineData("age", "Age")]
    [InlineData("via", "Via")]
    [InlineData("access-control-allow-credentials", "Access-Control-Allow-Credentials")]
    [InlineData("Access-Control-Allow-Methods", "Access-Control-Allow-Methods")]
    [InlineData("access-control-allow-headers", "Access-Control-Allow-Headers")]
    public void Known_names_in_any_case_are_one_shared_string(string received, string expected)
    {
        var first = KnownResponseHeaderNames.Get(Encoding.ASCII.GetBytes(received));
        var second = KnownResponseHeaderNames.Get(Encoding.ASCII.GetBytes(received));

        Assert.Equal(expected, first);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("x-upstream-thing")]
    [InlineData("Content-Lengths")]
    [InlineData("Dates")]
    [InlineData("x")]
    [InlineData("a-header-name-longer-than-every-known-one")]
    public void Other_names_keep_the_upstreams_spelling(string received)
    {
        var name = KnownResponseHeaderNames.Get(Encoding.ASCII.GetBytes(received));

        Assert.Equal(received, name);
        Assert.NotSame(name, KnownResponseHeaderNames.Get(Encoding.ASCII.GetBytes(received)));
    }
}
