using Bench.Runner.Options;
using Bench.Runner.Processes;
using Bench.Runner.Targets;
using Xunit;

namespace Bench.Runner.Tests.Targets;

public sealed class EnvoyApiTargetTests
{
    [Fact]
    public void The_base_build_is_skipped_with_the_option_named_until_its_binary_exists()
    {
        using var dir = new TempDirectory();
        var binary = Path.Combine(dir.Path, "proxy-before");
        var target = new EnvoyApiTarget("proxy-base");

        Assert.Contains("--proxy-base", target.Unavailable(Context(dir, new BenchOptions())), StringComparison.Ordinal);
        Assert.NotNull(target.Unavailable(Context(dir, new BenchOptions { ProxyBase = binary })));

        File.WriteAllText(binary, "");
        Assert.Null(target.Unavailable(Context(dir, new BenchOptions { ProxyBase = binary })));
    }

    private static BenchContext Context(TempDirectory dir, BenchOptions options) =>
        new(options, dir.Path, dir.Path, new ChildProcesses(dir.Path));
}
