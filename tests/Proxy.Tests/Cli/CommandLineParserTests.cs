using Microsoft.Extensions.Logging;
using Proxy.Cli;

namespace Proxy.Tests.Cli;

public sealed class CommandLineParserTests
{
    private static ProxyOptions Parse(params string[] args) => CommandLineParser.Parse(args);

    private static UsageException Fails(params string[] args) => Assert.Throws<UsageException>(() => CommandLineParser.Parse(args));

    [Fact]
    public void AcceptsPilotAgentsCommandLine()
    {
        // istio/istio pkg/envoy/proxy.go args(), in its order (INVENTORY.md (c)).
        var options = Parse(
            "-c", "./etc/istio/proxy/envoy-rev.json", "--drain-time-s", "45", "--drain-strategy", "immediate",
            "--local-address-ip-version", "v6", "--file-flush-interval-msec", "1000", "--disable-hot-restart",
            "--allow-unknown-static-fields", "--file-flush-min-size-kb", "128", "-l", "warning",
            "--component-log-level", "misc:error", "--skip-deprecated-logs", "--enable-core-dump",
            "--config-yaml", "{\"key\":\"value\"}", "--concurrency", "2");

        Assert.Equal("./etc/istio/proxy/envoy-rev.json", options.ConfigPath);
        Assert.Equal(TimeSpan.FromSeconds(45), options.DrainTime);
        Assert.Equal(DrainStrategy.Immediate, options.DrainStrategy);
        Assert.Equal(IpVersion.V6, options.LocalAddressIpVersion);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), options.FileFlushInterval);
        Assert.Equal(128u, options.FileFlushMinSizeKb);
        Assert.True(options.DisableHotRestart);
        Assert.True(options.AllowUnknownStaticFields);
        Assert.Equal(LogLevel.Warning, options.LogLevel);
        Assert.Equal([new KeyValuePair<string, LogLevel>("misc", LogLevel.Error)], options.ComponentLogLevels);
        Assert.Equal("misc:error", options.ComponentLogLevelText);
        Assert.True(options.SkipDeprecatedLogs);
        Assert.True(options.EnableCoreDump);
        Assert.Equal("{\"key\":\"value\"}", options.ConfigYaml);
        Assert.Equal(2u, options.Concurrency);
    }

    [Fact]
    public void DefaultsAreEnvoys()
    {
        var options = Parse();

        Assert.Equal(ProxyMode.Serve, options.Mode);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.Equal(TimeSpan.FromSeconds(600), options.DrainTime);
        Assert.Equal(DrainStrategy.Gradual, options.DrainStrategy);
        Assert.Equal(TimeSpan.FromSeconds(900), options.ParentShutdownTime);
        Assert.Equal(TimeSpan.FromMilliseconds(10000), options.FileFlushInterval);
        Assert.Equal(IpVersion.V4, options.LocalAddressIpVersion);
        Assert.Equal("[%Y-%m-%d %T.%e][%t][%l][%n] %v", options.LogFormat);
        Assert.False(options.LogFormatSet);
        Assert.Equal((uint)Math.Max(1, Environment.ProcessorCount), options.Concurrency);
        Assert.Equal(Convert.ToUInt32("600", 8), options.SocketMode);
        Assert.Empty(options.ConfigPath);
    }

    [Fact]
    public void AcceptsFlagEqualsValue()
    {
        var options = Parse("--config-path=/etc/envoy.yaml", "--mode=validate", "--log-level=debug", "--service-node=a=b");

        Assert.Equal("/etc/envoy.yaml", options.ConfigPath);
        Assert.Equal(ProxyMode.Validate, options.Mode);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.Equal("a=b", options.ServiceNode);
    }

    [Fact]
    public void ValueFlagTakesTheNextArgumentWhateverItLooksLike()
    {
        var options = Parse("--service-cluster", "-weird", "--log-format", "--%v");

        Assert.Equal("-weird", options.ServiceCluster);
        Assert.Equal("--%v", options.LogFormat);
        Assert.True(options.LogFormatSet);
    }

    [Theory]
    [InlineData("init_only", ProxyMode.InitOnly)]
    [InlineData("validate", ProxyMode.Validate)]
    [InlineData("serve", ProxyMode.Serve)]
    public void Modes(string value, ProxyMode mode) => Assert.Equal(mode, Parse("--mode", value).Mode);

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("critical", LogLevel.Critical)]
    [InlineData("off", LogLevel.None)]
    public void LogLevels(string value, LogLevel level) => Assert.Equal(level, Parse("-l", value).LogLevel);

    [Fact]
    public void ServiceIdentityAndMiscFlags()
    {
        var options = Parse(
            "--service-node", "n", "--service-zone", "z", "--base-id", "3", "--restart-epoch", "2", "--parent-shutdown-time-s", "5",
            "--log-path", "/tmp/envoy.log", "--log-format-escaped", "--enable-fine-grain-logging", "--skip-hot-restart-on-no-parent",
            "--stats-tag", "a:b", "--stats-tag", "c_1:d", "--disable-extensions", "x/y,z/w", "--socket-mode", "644",
            "--reject-unknown-dynamic-fields");

        Assert.Equal("n", options.ServiceNode);
        Assert.Equal("z", options.ServiceZone);
        Assert.Equal(3u, options.BaseId);
        Assert.Equal(2u, options.RestartEpoch);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ParentShutdownTime);
        Assert.Equal("/tmp/envoy.log", options.LogPath);
        Assert.True(options.LogFormatEscaped);
        Assert.True(options.EnableFineGrainLogging);
        Assert.True(options.SkipHotRestartOnNoParent);
        Assert.Equal([new StatsTag("a", "b"), new StatsTag("c_1", "d")], options.StatsTags);
        Assert.Equal(["x/y", "z/w"], options.DisabledExtensions);
        Assert.Equal(Convert.ToUInt32("644", 8), options.SocketMode);
        Assert.True(options.RejectUnknownDynamicFields);
    }

    [Fact]
    public void DeprecatedAllowUnknownFieldsMeansStatic() => Assert.True(Parse("--allow-unknown-fields").AllowUnknownStaticFields);

    [Fact]
    public void ConcurrencyIsAtLeastOne() => Assert.Equal(1u, Parse("--concurrency", "0").Concurrency);

    [Fact]
    public void DoubleDashEndsParsing()
    {
        var options = Parse("-l", "debug", "--", "--bogus", "x");

        Assert.Equal(LogLevel.Debug, options.LogLevel);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "--bogus: unknown flag")]
    [InlineData(new[] { "--ignore-unknown-flags" }, "--ignore-unknown-flags: unknown flag")]
    [InlineData(new[] { "-c" }, "-c: missing value")]
    [InlineData(new[] { "--concurrency", "two" }, "--concurrency: expected a non-negative integer, got 'two'")]
    [InlineData(new[] { "--drain-time-s", "-1" }, "--drain-time-s: expected a non-negative integer")]
    [InlineData(new[] { "--mode", "run" }, "--mode: unknown value 'run' (expected serve, validate, init_only)")]
    [InlineData(new[] { "--drain-strategy", "slow" }, "--drain-strategy: unknown value 'slow'")]
    [InlineData(new[] { "--local-address-ip-version", "v5" }, "--local-address-ip-version: unknown value 'v5'")]
    [InlineData(new[] { "-l", "verbose" }, "-l: invalid log level 'verbose'")]
    [InlineData(new[] { "--component-log-level", "upstream" }, "--component-log-level: component log level not correctly specified 'upstream'")]
    [InlineData(new[] { "--component-log-level", "nosuch:debug" }, "--component-log-level: invalid component specified 'nosuch'")]
    [InlineData(new[] { "--component-log-level", "upstream:loud" }, "--component-log-level: invalid log level 'loud'")]
    [InlineData(new[] { "-l", "info", "--log-level", "debug" }, "--log-level: given more than once")]
    [InlineData(new[] { "--disable-hot-restart", "--disable-hot-restart" }, "--disable-hot-restart: given more than once")]
    [InlineData(new[] { "--disable-hot-restart=true" }, "--disable-hot-restart: takes no value")]
    [InlineData(new[] { "config.json" }, "unexpected argument 'config.json'")]
    [InlineData(new[] { "--stats-tag", "a.b:c" }, "--stats-tag: misformatted stats-tag 'a.b:c'")]
    [InlineData(new[] { "--stats-tag", "a:b.c" }, "--stats-tag: misformatted stats-tag 'a:b.c'")]
    [InlineData(new[] { "--socket-mode", "9" }, "--socket-mode: invalid socket mode '9'")]
    [InlineData(new[] { "--use-dynamic-base-id", "--restart-epoch", "1" }, "cannot use --restart-epoch=1 with --use-dynamic-base-id")]
    public void UsageErrorsNameTheFlag(string[] args, string message)
    {
        Assert.Contains(message, Fails(args).Message);
    }

    [Fact]
    public void HelpStopsParsing()
    {
        var options = Parse("--help", "--bogus");

        Assert.True(options.Help);
    }

    [Fact]
    public void LogSettingsComeFromTheLoggingFlags()
    {
        var settings = Parse("-l", "error", "--component-log-level", "upstream:debug", "--log-format", "%v", "--log-path", "/x").ToLogSettings();

        Assert.Equal(LogLevel.Error, settings.Level);
        Assert.Equal("upstream", Assert.Single(settings.ComponentLevels).Key);
        Assert.Equal("%v", settings.Format);
        Assert.True(settings.FormatSet);
        Assert.Equal("/x", settings.LogPath);
    }
}
