using System.Text;
using Proxy.Routing;
using Proxy.Routing.Actions;

namespace Proxy.Tests.Routing;

public sealed class DirectResponseTests
{
    private static DirectResponseAction Action(string routeYaml, RouteTranslationContext? ctx = null) =>
        (DirectResponseAction)Routes.WithRoutes(routeYaml, ctx).VirtualHosts[0].Routes[0].Action;

    [Fact]
    public void InlineString()
    {
        DirectResponseAction action = Action("- {match: {prefix: /}, direct_response: {status: 503, body: {inline_string: 'no healthy upstream'}}}");
        Assert.Equal(503, action.Status);
        Assert.Equal("no healthy upstream", Encoding.UTF8.GetString(action.Body.Span));
        Assert.False(action.AddsLocation);
    }

    [Fact]
    public void InlineBytes()
    {
        DirectResponseAction action = Action("- {match: {prefix: /}, direct_response: {status: 200, body: {inline_bytes: 'AAEC'}}}");
        Assert.Equal(new byte[] { 0, 1, 2 }, action.Body.ToArray());
    }

    [Fact]
    public void FileIsReadAtConfigTime()
    {
        int reads = 0;
        var ctx = Routes.Context(readFile: path =>
        {
            reads++;
            Assert.Equal("/etc/body.txt", path);
            return "from file"u8.ToArray();
        });
        DirectResponseAction action = Action("- {match: {prefix: /}, direct_response: {status: 200, body: {filename: /etc/body.txt}}}", ctx);
        Assert.Equal("from file", Encoding.UTF8.GetString(action.Body.Span));
        Assert.Equal(1, reads);
    }

    [Fact]
    public void EnvironmentVariable()
    {
        DirectResponseAction action = Action("- {match: {prefix: /}, direct_response: {status: 200, body: {environment_variable: BODY}}}", Routes.Context(env: name => name == "BODY" ? "env body" : null));
        Assert.Equal("env body", Encoding.UTF8.GetString(action.Body.Span));
    }

    [Fact]
    public void NoBody()
    {
        Assert.True(Action("- {match: {prefix: /}, direct_response: {status: 204}}").Body.IsEmpty);
    }

    [Fact]
    public void MaxBodySizeIsConfigurable()
    {
        RouteTable table = Routes.Table($"max_direct_response_body_size_bytes: 10000\nvirtual_hosts: [{{name: vh, domains: ['*'], routes: [{{match: {{prefix: /}}, direct_response: {{status: 200, body: {{inline_string: '{new string('x', 5000)}'}}}}}}]}}]");
        Assert.Equal(5000, ((DirectResponseAction)table.VirtualHosts[0].Routes[0].Action).Body.Length);
    }

    [Theory]
    [InlineData(201, true)]
    [InlineData(301, true)]
    [InlineData(200, false)]
    [InlineData(404, false)]
    public void CreatedAndRedirectStatusesGetALocation(int status, bool expected) =>
        Assert.Equal(expected, Action($"- {{match: {{prefix: /}}, direct_response: {{status: {status}}}}}").AddsLocation);
}
