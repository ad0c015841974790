using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Proxy.Filters.Extensions;
using Proxy.Logging;
using ApplicationLogConfig = Envoy.Config.Bootstrap.V3.Bootstrap.Types.ApplicationLogConfig;

namespace Proxy.Tests.Logging;

public sealed class EnvoyLoggerProviderTests
{
    private static readonly FixedTime Clock = new(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 6, TimeSpan.Zero), TimeZoneInfo.Utc);

    private static (EnvoyLoggerProvider Provider, StringWriter Output) Create(LogLevel level = LogLevel.Information, string pattern = "[%l][%n] %v", bool escape = false)
    {
        var output = new StringWriter();
        var provider = new EnvoyLoggerProvider(new LogLevels(level), new LogSink(output), LogPattern.Parse(pattern), escape, Clock);
        return (provider, output);
    }

    [Fact]
    public void WritesOneLinePerEventWithTheComponentName()
    {
        var (provider, output) = Create();

        provider.CreateLogger("Proxy.Upstream.ClusterManager").LogInformation("added cluster {Name}", "a");
        provider.CreateLogger("Proxy.Admin.AdminServer").LogWarning("listening");

        Assert.Equal("[info][upstream] added cluster a\n[warning][admin] listening\n", output.ToString());
    }

    [Fact]
    public void LevelsAreLive()
    {
        var (provider, output) = Create(LogLevel.Warning);
        var logger = provider.CreateLogger("upstream");

        logger.LogDebug("hidden");
        provider.Levels.Set("upstream", LogLevel.Debug);
        logger.LogDebug("shown");
        provider.CreateLogger("router").LogDebug("still hidden");

        Assert.Equal("[debug][upstream] shown\n", output.ToString());
        Assert.True(logger.IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public void ExceptionsStayOnTheLine()
    {
        var (provider, output) = Create();

        provider.CreateLogger("main").LogError(new InvalidOperationException("boom"), "failed");

        Assert.Equal("[error][main] failed: InvalidOperationException: boom\n", output.ToString());
    }

    [Fact]
    public void EscapedFormatKeepsEachEventOnOneLine()
    {
        var (provider, output) = Create(escape: true);

        provider.CreateLogger("main").LogInformation("a\nb");

        Assert.Equal("[info][main] a\\nb\n", output.ToString());
    }

    [Fact]
    public void UsesTheInjectedClock()
    {
        var (provider, output) = Create(pattern: LogPattern.DefaultFormat);

        provider.CreateLogger("main").LogInformation("x");

        Assert.StartsWith("[2024-01-02 03:04:05.006][", output.ToString());
    }

    [Fact]
    public void CreateAppliesTheCommandLineSettings()
    {
        var settings = LogSettings.Default with { Level = LogLevel.Error, ComponentLevels = [new("upstream", LogLevel.Trace)] };

        using var provider = EnvoyLoggerProvider.Create(settings, Clock);

        Assert.Equal(LogLevel.Error, provider.Levels.Get("router"));
        Assert.Equal(LogLevel.Trace, provider.Levels.Get("upstream"));
        Assert.Equal(LogPattern.DefaultFormat, provider.Pattern.Text);
    }

    [Fact]
    public void LogPathAppendsToAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"proxy-log-{Guid.NewGuid():N}.log");
        try
        {
            File.WriteAllText(path, "earlier\n");
            using (var provider = EnvoyLoggerProvider.Create(LogSettings.Default with { Format = "%v", LogPath = path }, Clock))
            {
                provider.CreateLogger("main").LogInformation("later");
            }

            Assert.Equal("earlier\nlater\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BootstrapTextFormatReplacesThePattern()
    {
        var config = new ApplicationLogConfig { LogFormat = new() { TextFormat = "%l %v" } };
        var (provider, output) = Create();

        provider.Pattern = LogPattern.Parse(ApplicationLogFormat.Resolve(config, cliFormatSet: false)!);
        provider.CreateLogger("main").LogInformation("x");

        Assert.Equal("info x\n", output.ToString());
    }

    [Fact]
    public void BootstrapJsonFormatPrintsJsonLines()
    {
        var json = new Struct();
        json.Fields["Message"] = Value.ForString("%j");
        json.Fields["Level"] = Value.ForString("%l");
        json.Fields["Fixed"] = Value.ForNumber(1);
        var config = new ApplicationLogConfig { LogFormat = new() { JsonFormat = json } };
        var (provider, output) = Create();

        provider.Pattern = LogPattern.Parse(ApplicationLogFormat.Resolve(config, cliFormatSet: false)!);
        provider.CreateLogger("main").LogInformation("say \"hi\"\n");

        Assert.Equal("{\"Fixed\":1,\"Level\":\"info\",\"Message\":\"say \\\"hi\\\"\\n\"}\n", output.ToString());
    }

    [Fact]
    public void NoBootstrapFormatKeepsTheCommandLines()
    {
        Assert.Null(ApplicationLogFormat.Resolve(null, cliFormatSet: true));
        Assert.Null(ApplicationLogFormat.Resolve(new ApplicationLogConfig(), cliFormatSet: true));
    }

    [Fact]
    public void BootstrapFormatAndLogFormatFlagAreExclusive()
    {
        var config = new ApplicationLogConfig { LogFormat = new() { TextFormat = "%v" } };

        var e = Assert.Throws<ConfigException>(() => ApplicationLogFormat.Resolve(config, cliFormatSet: true));

        Assert.Contains("--log-format", e.Message);
    }

    [Theory]
    [InlineData("%v")]
    [InlineData("%_")]
    public void JsonFormatRefusesUnescapedMessages(string flag)
    {
        var json = new Struct();
        json.Fields["Message"] = Value.ForString(flag);
        var config = new ApplicationLogConfig { LogFormat = new() { JsonFormat = json } };

        var e = Assert.Throws<ConfigException>(() => ApplicationLogFormat.Resolve(config, cliFormatSet: false));

        Assert.Contains(flag, e.Message);
    }
}
