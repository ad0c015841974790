using Proxy.Cli;

namespace Proxy.Tests.Cli;

public sealed class CommandLineRunnerTests
{
    private static (int Code, string Out, string Err, ProxyOptions? Ran) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ProxyOptions? ran = null;
        var code = CommandLineRunner.Run(args, stdout, stderr, options =>
        {
            ran = options;
            return 7;
        });
        return (code, stdout.ToString(), stderr.ToString(), ran);
    }

    [Fact]
    public void ParseErrorPrintsEnvoyStyleAndExitsOne()
    {
        var (code, stdout, stderr, ran) = Run("--concurrency", "x");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.StartsWith("PARSE ERROR: --concurrency: expected a non-negative integer, got 'x'", stderr);
        Assert.Contains("Brief USAGE:", stderr);
        Assert.Contains("[-c <string>]", stderr);
        Assert.Null(ran);
    }

    [Fact]
    public void HelpPrintsEveryFlagAndExitsZero()
    {
        var (code, stdout, _, ran) = Run("-h");

        Assert.Equal(0, code);
        Assert.Contains("--config-path <string>", stdout);
        Assert.Contains("--drain-strategy <string>", stdout);
        Assert.Contains("--stats-tag <string>", stdout);
        Assert.Null(ran);
    }

    [Fact]
    public void VersionPrintsAndExitsZero()
    {
        var (code, stdout, _, ran) = Run("--version");

        Assert.Equal(0, code);
        Assert.Contains("version: ", stdout);
        Assert.Null(ran);
    }

    [Fact]
    public void HotRestartVersionSaysDisabled()
    {
        var (code, _, stderr, ran) = Run("--hot-restart-version");

        Assert.Equal(0, code);
        Assert.Equal("disabled", stderr);
        Assert.Null(ran);
    }

    [Fact]
    public void ValidOptionsAreRun()
    {
        var (code, _, _, ran) = Run("--mode", "validate", "-c", "x.json");

        Assert.Equal(7, code);
        Assert.Equal(ProxyMode.Validate, ran!.Mode);
    }
}
