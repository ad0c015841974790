using Proxy.Logging;

namespace Proxy.Tests.Logging;

public sealed class LoggerComponentsTests
{
    [Theory]
    [InlineData("upstream", "upstream")]
    [InlineData("Proxy.Upstream.LoadBalancing.RoundRobin", "upstream")]
    [InlineData("Proxy.Filters.Http.Rbac.RbacFilter", "rbac")]
    [InlineData("Proxy.Http.ConnectionManager", "http")]
    [InlineData("Proxy.Admin.AdminServer", "admin")]
    [InlineData("Proxy.Xds.AdsClient", "config")]
    [InlineData("Proxy.Routing.VirtualHostSelector", "router")]
    [InlineData("System.Net.Http.HttpClient", "client")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets", "http")]
    [InlineData("Some.Library.Thing", "misc")]
    public void CategoriesMapToEnvoyComponents(string category, string component) =>
        Assert.Equal(component, LoggerComponents.ForCategory(category));

    [Fact]
    public void EveryMappedComponentIsAnEnvoyLogger()
    {
        foreach (var category in new[] { "Proxy.Health.Checker", "Proxy.Tls.Secrets", "Proxy.Stats.Store", "Proxy.AccessLog.File", "Proxy.Cli" })
        {
            Assert.True(LoggerComponents.IsKnown(LoggerComponents.ForCategory(category)), category);
        }
    }
}
