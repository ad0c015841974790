using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>/logging: POST lists the levels, ?level= changes every logger, ?&lt;component&gt;= changes one.</summary>
[Collection(AdminCollection.Name)]
public sealed class LoggingEndpointTests
{
    private readonly AdminFixture _fixture;

    public LoggingEndpointTests(AdminFixture fixture) => _fixture = fixture;

    private string AdminUrl => _fixture.Proxy.AdminUrl;

    [Fact]
    public async Task PostWithoutParametersListsTheLevels()
    {
        var (status, body) = await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging");

        Assert.Equal(200, status);
        Assert.StartsWith("active loggers:\n", body);
        Assert.Contains("\n  router: info\n", body);
        Assert.Contains("\n  admin: info\n", body);
    }

    [Fact]
    public async Task LevelChangesEveryLoggerAndAComponentChangesOne()
    {
        try
        {
            var (status, body) = await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging?level=debug");
            Assert.Equal(200, status);
            var levels = Levels(body);
            Assert.True(levels.Count > 5);
            Assert.All(levels.Values, level => Assert.Equal("debug", level));

            (status, body) = await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging?router=trace");
            Assert.Equal(200, status);
            levels = Levels(body);
            Assert.Equal("trace", levels["router"]);
            Assert.Equal("debug", levels["upstream"]);
            Assert.Single(levels.Values, level => level == "trace");

            // What /logging answers is what the process now uses.
            Assert.Equal(Levels(body), Levels((await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging")).Body));
        }
        finally
        {
            Assert.Equal(200, (await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging?level=info")).Status);
        }
    }

    [Fact]
    public async Task UnknownLevelIs400AndChangesNothing()
    {
        var before = (await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging")).Body;

        var (status, _) = await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging?level=loud");

        Assert.Equal(400, status);
        Assert.Equal(before, (await AdminResponses.SendAsync(AdminUrl, HttpMethod.Post, "/logging")).Body);
    }

    private static Dictionary<string, string> Levels(string body)
    {
        var levels = new Dictionary<string, string>();
        foreach (var line in body.Split('\n').Skip(1))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                levels[line[..colon].Trim()] = line[(colon + 2)..];
            }
        }

        return levels;
    }
}
