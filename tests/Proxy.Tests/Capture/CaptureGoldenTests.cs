using Proxy.Capture.Iptables;
using Proxy.Tests.Bootstrap;
using Xunit;

namespace Proxy.Tests.Capture;

/// <summary>
/// Every istio-iptables golden in ../shared/conformance/istio/iptables/capture: our --dry-run for the same flags
/// and environment prints the same lines. Flags and environment per case come from the conformance README's
/// table, over the test baseline it describes (not the CLI defaults).
/// </summary>
public sealed class CaptureGoldenTests
{
    /// <summary>The Go test's baseline as flags and environment.</summary>
    private static readonly string[] Baseline = ["-p", "15001", "-z", "15006", "-e", "15008", "-u", "1337", "-g", "1337", "-t", "1337", "-r", "133", "--dry-run"];

    public static TheoryData<string, string[], string[]> Cases() => new()
    {
        { "empty", [], [] },
        { "ipv6-empty-inbound-ports", ["-b", "", "--dual-stack"], [] },
        { "ip-range", ["-x", "1.1.0.0/16", "-i", "9.9.0.0/16", "-n", "--redirect-dns", "-g", "1,2", "-u", "3,4", "--dns-servers", "127.0.0.53"], [] },
        { "tproxy", ["-m", "TPROXY", "-b", "*", "-x", "1.1.0.0/16", "-i", "9.9.0.0/16", "-n", "--redirect-dns", "-g", "1337", "-u", "1337", "-c", "not-istio-nic", "--dual-stack", "--dns-servers", "127.0.0.53"], [] },
        { "ipv6-ipnets", ["-b", "4000,5000", "-d", "6000,7000,", "-k", "eth0,eth1", "-x", "2001:db8::/32", "-i", "2001:db8::/32", "--dual-stack"], [] },
        { "ipv6-uid-gid", ["-b", "4000,5000", "-d", "6000,7000", "-k", "eth0,eth1", "-g", "1,2", "-u", "3,4", "-x", "2001:db8::/32", "-i", "2001:db8::/32", "--dual-stack"], [] },
        { "ipv6-outbound-ports", ["-b", "", "-q", "32000,31000", "--dual-stack"], [] },
        { "kube-virt-interfaces", ["-k", "eth1,eth2", "-i", "*"], [] },
        { "ipnets", ["-i", "10.0.0.0/8"], [] },
        { "inbound-ports-include", ["-b", "32000,31000"], [] },
        { "inbound-ports-wildcard", ["-b", "*"], [] },
        { "inbound-ports-wildcard-tproxy", ["-b", "*", "-m", "TPROXY"], [] },
        { "ipv6-dns-uid-gid", ["--redirect-dns", "-g", "1,2", "-u", "3,4", "--dual-stack", "--dns-servers", ""], [] },
        { "outbound-owner-groups", [], ["ISTIO_OUTBOUND_OWNER_GROUPS=java,202"] },
        { "ipv6-dns-outbound-owner-groups", ["--dual-stack", "--redirect-dns", "--dns-servers", ""], ["ISTIO_OUTBOUND_OWNER_GROUPS=java,202"] },
        { "ipv6-dns-outbound-owner-groups-exclude", ["--dual-stack", "--redirect-dns", "--dns-servers", ""], ["ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE=888,ftp"] },
        { "outbound-ports-include", ["-q", "32000,31000"], [] },
        { "basic-exclude-nic", ["-c", "not-istio-nic"], [] },
        { "host-ipv4-loopback-cidr", [], ["ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR=127.0.0.1/8"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Dry_run_prints_what_istio_iptables_records(string golden, string[] flags, string[] environment)
    {
        var expected = await File.ReadAllTextAsync(Path.Combine(ConformanceData.Root, "istio", "iptables", "capture", golden + ".golden"));
        var env = environment.Select(e => e.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await IptablesCommand.RunAsync([.. Baseline, .. flags], stdout, stderr, name => env.GetValueOrDefault(name), () => [], new RefusingRunner());

        Assert.True(exit == 0, stderr.ToString());
        Assert.Equal(expected, stdout.ToString());
    }

    [Fact]
    public void Every_capture_golden_has_a_case()
    {
        var files = Directory.GetFiles(Path.Combine(ConformanceData.Root, "istio", "iptables", "capture"), "*.golden")
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToArray();

        Assert.Equal(files, Cases().Select(c => (string)c[0]).Order().ToArray());
    }

    /// <summary>A dry run must not run anything.</summary>
    private sealed class RefusingRunner : ICommandRunner
    {
        public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string? stdin = null) =>
            throw new InvalidOperationException($"dry run ran {program}");
    }
}
