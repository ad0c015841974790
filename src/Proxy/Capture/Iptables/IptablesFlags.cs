using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Proxy.Cli;

namespace Proxy.Capture.Iptables;

/// <summary>
/// istio-iptables' command line and environment (flag over environment over default), validated: a bad value
/// throws <see cref="UsageException"/> naming the flag. Adds what istio-iptables learns at run time, so a run
/// is reproducible: --dual-stack (or ISTIO_DUAL_STACK=true) turns IPv6 on, --dns-servers a,b replaces the
/// nameservers of /etc/resolv.conf (an empty value means none).
/// </summary>
public static class IptablesFlags
{
    private enum Kind { Port, PortList, PortListOrAll, CidrList, CidrListOrAll, Mode, Number, NumberList, Text, Cidr4, IpList, Bool }

    private sealed record Flag(string Long, char? Short, string? Env, Kind Kind, Func<CaptureConfig, string, CaptureConfig> Apply);

    private static readonly Flag[] Flags =
    [
        new("envoy-port", 'p', "ENVOY_PORT", Kind.Port, (c, v) => c with { ProxyPort = v }),
        new("inbound-capture-port", 'z', "INBOUND_CAPTURE_PORT", Kind.Port, (c, v) => c with { InboundCapturePort = v }),
        new("inbound-tunnel-port", 'e', "INBOUND_TUNNEL_PORT", Kind.Port, (c, v) => c with { InboundTunnelPort = v }),
        new("proxy-uid", 'u', "PROXY_UID", Kind.NumberList, (c, v) => c with { ProxyUid = v }),
        new("proxy-gid", 'g', "PROXY_GID", Kind.NumberList, (c, v) => c with { ProxyGid = v }),
        new("istio-inbound-interception-mode", 'm', "ISTIO_INBOUND_INTERCEPTION_MODE", Kind.Mode, (c, v) => c with { InboundInterceptionMode = v }),
        new("istio-inbound-tproxy-mark", 't', "ISTIO_INBOUND_TPROXY_MARK", Kind.Number, (c, v) => c with { InboundTProxyMark = v }),
        new("istio-inbound-tproxy-route-table", 'r', "ISTIO_INBOUND_TPROXY_ROUTE_TABLE", Kind.Number, (c, v) => c with { InboundTProxyRouteTable = v }),
        new("istio-inbound-ports", 'b', "ISTIO_INBOUND_PORTS", Kind.PortListOrAll, (c, v) => c with { InboundPortsInclude = v }),
        new("istio-local-exclude-ports", 'd', "ISTIO_LOCAL_EXCLUDE_PORTS", Kind.PortList, (c, v) => c with { InboundPortsExclude = v }),
        new("istio-service-cidr", 'i', "ISTIO_SERVICE_CIDR", Kind.CidrListOrAll, (c, v) => c with { OutboundIpRangesInclude = v }),
        new("istio-service-exclude-cidr", 'x', "ISTIO_SERVICE_EXCLUDE_CIDR", Kind.CidrList, (c, v) => c with { OutboundIpRangesExclude = v }),
        new("istio-outbound-ports", 'q', "ISTIO_OUTBOUND_PORTS", Kind.PortList, (c, v) => c with { OutboundPortsInclude = v }),
        new("istio-local-outbound-ports-exclude", 'o', "ISTIO_LOCAL_OUTBOUND_PORTS_EXCLUDE", Kind.PortList, (c, v) => c with { OutboundPortsExclude = v }),
        new("kube-virt-interfaces", 'k', "KUBE_VIRT_INTERFACES", Kind.Text, (c, v) => c with { RerouteVirtualInterfaces = v }),
        new("istio-exclude-interfaces", 'c', "ISTIO_EXCLUDE_INTERFACES", Kind.Text, (c, v) => c with { ExcludeInterfaces = v }),
        new("redirect-dns", null, "ISTIO_META_DNS_CAPTURE", Kind.Bool, (c, v) => c with { RedirectDns = v == "true" }),
        new("capture-all-dns", null, null, Kind.Bool, (c, v) => c with { CaptureAllDns = v == "true" }),
        new("drop-invalid", null, "INVALID_DROP", Kind.Bool, (c, v) => c with { DropInvalid = v == "true" }),
        new("dual-stack", null, "ISTIO_DUAL_STACK", Kind.Bool, (c, v) => c with { EnableIpv6 = v == "true" }),
        new("dry-run", 'n', null, Kind.Bool, (c, v) => c with { DryRun = v == "true" }),
        new("cleanup", null, null, Kind.Bool, (c, v) => c with { CleanupOnly = v == "true" }),
        new("outbound-owner-groups", null, "ISTIO_OUTBOUND_OWNER_GROUPS", Kind.Text, (c, v) => c with { OwnerGroupsInclude = v }),
        new("outbound-owner-groups-exclude", null, "ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE", Kind.Text, (c, v) => c with { OwnerGroupsExclude = v }),
        new("outbound-ipv4-loopback-cidr", null, "ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR", Kind.Cidr4, (c, v) => c with { HostIpv4LoopbackCidr = v }),
        new("dns-servers", null, null, Kind.IpList, (c, v) => c),

        // Accepted for compatibility with the injector's istio-init arguments; they change nothing here
        // (logging goes to stdout; a run always reconciles leftovers, as istio-iptables' default).
        new("log_output_level", null, null, Kind.Text, (c, v) => c),
        new("log_as_json", null, null, Kind.Bool, (c, v) => c),
        new("reconcile", null, null, Kind.Bool, (c, v) => c),
    ];

    /// <summary>Parses <paramref name="args"/> over <paramref name="environment"/>; <paramref name="resolvConf"/> gives
    /// the nameservers when --dns-servers is absent.</summary>
    public static CaptureConfig Parse(IReadOnlyList<string> args, Func<string, string?> environment, Func<IReadOnlyList<string>> resolvConf)
    {
        // 1. Environment, then flags: the later wins.
        var values = new Dictionary<Flag, string>();
        foreach (var flag in Flags)
        {
            if (flag.Env is { } name && environment(name) is { } value)
            {
                values[flag] = flag.Kind == Kind.Bool ? NormalizeBool(flag, value) : value;
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = Find(args[i]);
            string value;
            if (flag.Kind == Kind.Bool)
            {
                value = NormalizeBool(flag, inline ?? "true");
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"flag {Name(flag)} needs a value");
            }

            values[flag] = value;
        }

        // 2. Validate and apply.
        var config = new CaptureConfig();
        var gidSet = false;
        foreach (var (flag, value) in values)
        {
            Validate(flag, value);
            config = flag.Apply(config, value);
            gidSet |= flag.Long == "proxy-gid";
        }

        if (!gidSet)
        {
            config = config with { ProxyGid = config.ProxyUid }; // istio-iptables: the gid defaults to the uid
        }

        if (!config.EnableIpv6 && environment("INSTANCE_IP") is { } podIp && IPAddress.TryParse(podIp, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            config = config with { EnableIpv6 = true }; // an IPv6 pod gets ip6tables rules, as istio-iptables decides at run time
        }

        var dnsFlag = Array.Find(Flags, f => f.Long == "dns-servers")!;
        var servers = values.TryGetValue(dnsFlag, out var list) ? CaptureConfig.Split(list) : resolvConf();
        var v4 = ImmutableArray.CreateBuilder<string>();
        var v6 = ImmutableArray.CreateBuilder<string>();
        foreach (var server in servers)
        {
            if (IPAddress.TryParse(server, out var address))
            {
                (address.AddressFamily == AddressFamily.InterNetwork ? v4 : v6).Add(address.ToString());
            }
        }

        return config with { DnsServersV4 = v4.ToImmutable(), DnsServersV6 = v6.ToImmutable() };
    }

    /// <summary>The nameserver lines of /etc/resolv.conf (what istio-iptables reads when DNS capture is on).</summary>
    public static IReadOnlyList<string> ReadResolvConf(string path = "/etc/resolv.conf")
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var servers = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver")
            {
                servers.Add(fields[1]);
            }
        }

        return servers;
    }

    public static string Usage()
    {
        var text = new System.Text.StringBuilder("Usage: proxy iptables [flags]   (istio-iptables' flags and environment variables)\n");
        foreach (var flag in Flags)
        {
            text.Append("  ").Append(flag.Short is { } s ? $"-{s}, " : "    ").Append("--").Append(flag.Long);
            text.Append(flag.Env is { } env ? $"  (env {env})" : "").Append('\n');
        }

        return text.ToString();
    }

    private static (Flag Flag, string? Inline) Find(string arg)
    {
        string name;
        string? inline = null;
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = arg.IndexOf('=');
            name = eq < 0 ? arg[2..] : arg[2..eq];
            inline = eq < 0 ? null : arg[(eq + 1)..];
            var flag = Array.Find(Flags, f => f.Long == name);
            return flag is null ? throw new UsageException($"unknown flag --{name}") : (flag, inline);
        }

        if (arg.Length >= 2 && arg[0] == '-')
        {
            var flag = Array.Find(Flags, f => f.Short == arg[1]);
            if (flag is null)
            {
                throw new UsageException($"unknown shorthand flag '{arg[1]}' in {arg}");
            }

            inline = arg.Length > 2 ? arg[2..].TrimStart('=') : null;
            return (flag, inline);
        }

        throw new UsageException($"unexpected argument '{arg}'");
    }

    private static string NormalizeBool(Flag flag, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" => "true",
        "false" or "0" or "" => "false",
        _ => throw new UsageException($"invalid value '{value}' for {Name(flag)}: must be true or false"),
    };

    private static void Validate(Flag flag, string value)
    {
        string? problem = flag.Kind switch
        {
            Kind.Port => IsPort(value) ? null : "must be a port number 1-65535",
            Kind.PortList => AllValid(value, IsPort) ? null : "must be a comma-separated list of ports 1-65535",
            Kind.PortListOrAll => value == "*" || AllValid(value, IsPort) ? null : "must be '*' or a comma-separated list of ports 1-65535",
            Kind.CidrList => AllValid(value, IsCidr) ? null : "must be a comma-separated list of CIDRs (10.0.0.0/8, 2001:db8::/32)",
            Kind.CidrListOrAll => value == "*" || AllValid(value, IsCidr) ? null : "must be '*' or a comma-separated list of CIDRs",
            Kind.Mode => value is "REDIRECT" or "TPROXY" ? null : "must be REDIRECT or TPROXY",
            Kind.Number => IsNumber(value) ? null : "must be a number",
            Kind.NumberList => CaptureConfig.Split(value).Length > 0 && AllValid(value, IsNumber) ? null : "must be a comma-separated list of numeric ids",
            Kind.Cidr4 => NetworkRange.TryParse(value, out var a, out _) && a.AddressFamily == AddressFamily.InterNetwork ? null : "must be an IPv4 CIDR",
            Kind.IpList => AllValid(value, s => IPAddress.TryParse(s, out _)) ? null : "must be a comma-separated list of IP addresses",
            _ => null,
        };
        if (problem is not null)
        {
            throw new UsageException($"invalid value '{value}' for {Name(flag)}: {problem}");
        }
    }

    private static bool AllValid(string list, Func<string, bool> valid)
    {
        foreach (var item in CaptureConfig.Split(list))
        {
            if (!valid(item))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPort(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535;

    private static bool IsNumber(string s) => uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static bool IsCidr(string s) => NetworkRange.TryParse(s, out _, out _);

    private static string Name(Flag flag) => flag.Short is { } s ? $"--{flag.Long} (-{s})" : $"--{flag.Long}";
}
