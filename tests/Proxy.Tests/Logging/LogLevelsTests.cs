using Microsoft.Extensions.Logging;
using Proxy.Logging;
using Proxy.Tests.Bootstrap;

namespace Proxy.Tests.Logging;

public sealed class LogLevelsTests
{
    [Fact]
    public void RenderHasTheShapeOfEnvoysAdminLogging()
    {
        var expected = File.ReadAllLines(ConformanceData.PathOf("istio/admin_outputs/logging.txt"));
        var rendered = new LogLevels(LogLevel.Warning).Render();
        var lines = rendered.Split('\n');

        Assert.EndsWith("\n", rendered);
        Assert.Equal(expected[0], lines[0]);
        // Every logger of the captured Envoy is listed, with the same line format, in the same relative order.
        var ours = lines.Skip(1).Where(l => l.Length > 0).ToList();
        var positions = expected.Skip(1).Where(l => l.Length > 0).Select(line => ours.IndexOf(line)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void SetOneComponent()
    {
        var levels = new LogLevels();

        Assert.True(levels.Set("upstream", "debug"));
        Assert.Equal(LogLevel.Debug, levels.Get("upstream"));
        Assert.Equal(LogLevel.Information, levels.Get("router"));
        Assert.Contains("  upstream: debug\n", levels.Render());
        Assert.False(levels.Set("nosuch", "debug"));
        Assert.False(levels.Set("upstream", "loud"));
    }

    [Fact]
    public void SetAll()
    {
        var levels = new LogLevels();

        Assert.True(levels.SetAll("critical"));
        Assert.False(levels.SetAll("loud"));
        Assert.All(LoggerComponents.All, c => Assert.Equal(LogLevel.Critical, levels.Get(c)));
    }

    [Fact]
    public void IsEnabledComparesWithTheComponentsLevel()
    {
        var levels = new LogLevels(LogLevel.Warning);
        var http = LoggerComponents.IndexOf("http");

        Assert.False(levels.IsEnabled(http, LogLevel.Information));
        Assert.True(levels.IsEnabled(http, LogLevel.Error));
        levels.Set("http", LogLevel.None);
        Assert.False(levels.IsEnabled(http, LogLevel.Critical));
    }

    [Fact]
    public void PathsChangeSeveralComponents()
    {
        var levels = new LogLevels();

        Assert.True(levels.TryApplyPaths("upstream:debug, router:trace", out _));
        Assert.Equal(LogLevel.Debug, levels.Get("upstream"));
        Assert.Equal(LogLevel.Trace, levels.Get("router"));
    }

    [Theory]
    [InlineData("upstream:debug,nosuch:info", "unknown logger name")]
    [InlineData("upstream:loud", "unknown logger level")]
    [InlineData("upstream", "empty logger name or empty logger level")]
    [InlineData(":debug", "empty logger name or empty logger level")]
    public void BadPathsChangeNothing(string paths, string error)
    {
        var levels = new LogLevels();

        Assert.False(levels.TryApplyPaths(paths, out var message));
        Assert.Equal(error, message);
        Assert.Equal(LogLevel.Information, levels.Get("upstream"));
    }
}
