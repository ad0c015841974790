using Proxy.Integration.Tests.Infrastructure;
using Xunit;

namespace Proxy.Integration.Tests.Capture;

/// <summary>The init command against the real iptables, inside a network namespace of its own.</summary>
public sealed class IptablesCommandTests
{
    private static readonly string[] InjectorFlags =
        ["-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-x", "", "-b", "*", "-d", "15090,15021,15020", "--dual-stack", "--dns-servers", ""];

    [NamespaceFact]
    public async Task Rules_are_installed_once_running_twice_changes_nothing_and_cleanup_removes_them()
    {
        await using var pod = await NetworkNamespace.CreateAsync("proxy-ipt");

        var first = await pod.RunAsync(["dotnet", RepoPaths.ProxyDll, "iptables", .. InjectorFlags]);
        Assert.True(first.ExitCode == 0, first.StdOut + first.StdErr);
        var afterFirst = await RulesAsync(pod);
        Assert.Contains("-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001", afterFirst, StringComparison.Ordinal);
        Assert.Contains("-A PREROUTING -p tcp -j ISTIO_INBOUND", afterFirst, StringComparison.Ordinal);
        Assert.Contains("-A ISTIO_OUTPUT -s ::6/128 -o lo -j RETURN", await RulesAsync(pod, ipv6: true), StringComparison.Ordinal); // as iptables-save orders it

        var second = await pod.RunAsync(["dotnet", RepoPaths.ProxyDll, "iptables", .. InjectorFlags]);
        Assert.True(second.ExitCode == 0, second.StdOut + second.StdErr);
        Assert.Contains("already in place", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(afterFirst, await RulesAsync(pod));

        var cleanup = await pod.RunAsync(["dotnet", RepoPaths.ProxyDll, "iptables", "--cleanup", .. InjectorFlags]);
        Assert.True(cleanup.ExitCode == 0, cleanup.StdOut + cleanup.StdErr);
        Assert.DoesNotContain("ISTIO", await RulesAsync(pod), StringComparison.Ordinal);
        Assert.DoesNotContain("ISTIO", await RulesAsync(pod, ipv6: true), StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task Changed_flags_replace_the_previous_rules()
    {
        await using var pod = await NetworkNamespace.CreateAsync("proxy-ipt");
        await pod.RunCheckedAsync(["dotnet", RepoPaths.ProxyDll, "iptables", "-b", "8080", "-i", "*"]);

        var rerun = await pod.RunAsync(["dotnet", RepoPaths.ProxyDll, "iptables", "-b", "9090", "-i", "*"]);

        Assert.True(rerun.ExitCode == 0, rerun.StdOut + rerun.StdErr);
        var rules = await RulesAsync(pod);
        Assert.Contains("--dport 9090 -j ISTIO_IN_REDIRECT", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("--dport 8080", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_flag_fails_with_its_name()
    {
        var result = await ProxyCommand.RunAsync("iptables", "-p", "abc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid value 'abc' for --envoy-port (-p)", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>iptables-save without its comment and counter lines, so two saves of the same rules compare equal.</summary>
    private static async Task<string> RulesAsync(NetworkNamespace pod, bool ipv6 = false)
    {
        var save = await pod.RunCheckedAsync(ipv6 ? "ip6tables-save" : "iptables-save");
        return string.Join('\n', save.StdOut.Split('\n').Where(l => !l.StartsWith('#') && !l.StartsWith(':')));
    }
}
