using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class HostPortTests
{
    [Theory]
    [InlineData("example.com", -1)]
    [InlineData("example.com:8080", 11)]
    [InlineData("[::1]", -1)]
    [InlineData("[::1]:443", 5)]
    [InlineData("::1", 1)]
    public void FindsThePortSeparatorOutsideIpv6Brackets(string host, int expected) =>
        Assert.Equal(expected, HostPort.GetPortStart(host));

    [Theory]
    [InlineData("example.com:8080", 8080u, "example.com")]
    [InlineData("example.com:9090", 8080u, "example.com:9090")]
    [InlineData("[::1]:8080", 8080u, "[::1]")]
    [InlineData("example.com:abc", 8080u, "example.com:abc")]
    [InlineData("example.com", 8080u, "example.com")]
    public void StripMatchingPortOnlyRemovesTheListenerPort(string host, uint listenerPort, string expected) =>
        Assert.Equal(expected, HostPort.StripMatchingPort(host, listenerPort));

    [Theory]
    [InlineData("example.com:9090", "example.com")]
    [InlineData("[fd00::1]:80", "[fd00::1]")]
    [InlineData("example.com:", "example.com:")]
    public void StripAnyPortRemovesAnyNumericPort(string host, string expected) =>
        Assert.Equal(expected, HostPort.StripAnyPort(host));
}
