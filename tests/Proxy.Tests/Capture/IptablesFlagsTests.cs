using Proxy.Capture.Iptables;
using Proxy.Cli;
using Xunit;

namespace Proxy.Tests.Capture;

public sealed class IptablesFlagsTests
{
    [Theory]
    [InlineData(new[] { "-p", "0" }, "--envoy-port (-p)")]
    [InlineData(new[] { "--inbound-capture-port", "70000" }, "--inbound-capture-port (-z)")]
    [InlineData(new[] { "-m", "NAT" }, "must be REDIRECT or TPROXY")]
    [InlineData(new[] { "-b", "80,http" }, "--istio-inbound-ports (-b)")]
    [InlineData(new[] { "-x", "*" }, "--istio-service-exclude-cidr (-x)")]
    [InlineData(new[] { "-i", "10.0.0.0/33" }, "--istio-service-cidr (-i)")]
    [InlineData(new[] { "-u", "istio" }, "--proxy-uid (-u)")]
    [InlineData(new[] { "--no-such-flag" }, "unknown flag --no-such-flag")]
    [InlineData(new[] { "-p" }, "flag --envoy-port (-p) needs a value")]
    [InlineData(new[] { "--dns-servers", "dns.local" }, "--dns-servers")]
    public void Invalid_flags_name_the_flag(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => IptablesFlags.Parse(args, _ => null, () => []));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_injectors_istio_init_arguments_are_accepted()
    {
        // ../shared/conformance/istio/injection: what istio-init is rendered with.
        var config = IptablesFlags.Parse(["-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-x", "", "-b", "*", "-d", "15090,15021,15020", "--log_output_level=default:info"], _ => null, () => []);

        Assert.Equal("*", config.InboundPortsInclude);
        Assert.Equal("15090,15021,15020", config.InboundPortsExclude);
    }

    [Fact]
    public void Environment_is_read_and_flags_win_over_it()
    {
        var env = new Dictionary<string, string> { ["ENVOY_PORT"] = "16001", ["INBOUND_CAPTURE_PORT"] = "16006", ["ISTIO_META_DNS_CAPTURE"] = "true" };

        var config = IptablesFlags.Parse(["-z", "17006"], env.GetValueOrDefault, () => []);

        Assert.Equal("16001", config.ProxyPort);
        Assert.Equal("17006", config.InboundCapturePort);
        Assert.True(config.RedirectDns);
    }

    [Fact]
    public void Gid_defaults_to_the_uid_and_dns_servers_split_by_family()
    {
        var config = IptablesFlags.Parse(["-u", "2000", "--dns-servers", "10.96.0.10, fd00::a"], _ => null, () => ["8.8.8.8"]);

        Assert.Equal("2000", config.ProxyGid);
        Assert.Equal(new[] { "10.96.0.10" }, config.DnsServersV4.ToArray());
        Assert.Equal(new[] { "fd00::a" }, config.DnsServersV6.ToArray());
    }

    [Fact]
    public void Without_dns_servers_flag_resolv_conf_is_used()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "search default.svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
        try
        {
            var config = IptablesFlags.Parse([], _ => null, () => IptablesFlags.ReadResolvConf(path));

            Assert.Equal(new[] { "10.96.0.10" }, config.DnsServersV4.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dual_stack_comes_from_the_flag_the_environment_or_an_ipv6_pod_ip()
    {
        Assert.True(IptablesFlags.Parse(["--dual-stack"], _ => null, () => []).EnableIpv6);
        Assert.True(IptablesFlags.Parse([], n => n == "ISTIO_DUAL_STACK" ? "true" : null, () => []).EnableIpv6);
        Assert.True(IptablesFlags.Parse([], n => n == "INSTANCE_IP" ? "fd00::5" : null, () => []).EnableIpv6);
        Assert.False(IptablesFlags.Parse([], n => n == "INSTANCE_IP" ? "10.0.0.5" : null, () => []).EnableIpv6);
    }
}
