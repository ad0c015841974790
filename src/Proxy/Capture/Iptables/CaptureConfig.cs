using System.Collections.Immutable;

namespace Proxy.Capture.Iptables;

/// <summary>
/// What the init command captures, with istio-iptables' names (tools/istio-iptables/pkg/config). Lists keep
/// the text the user gave (ports, CIDRs, uids, groups), already validated; empty means "none".
/// </summary>
public sealed record CaptureConfig
{
    public string ProxyPort { get; init; } = "15001";

    public string InboundCapturePort { get; init; } = "15006";

    public string InboundTunnelPort { get; init; } = "15008";

    public string ProxyUid { get; init; } = "1337";

    public string ProxyGid { get; init; } = "1337";

    /// <summary>REDIRECT (nat) or TPROXY (mangle, with a policy route) for inbound capture.</summary>
    public string InboundInterceptionMode { get; init; } = "REDIRECT";

    public string InboundTProxyMark { get; init; } = "1337";

    public string InboundTProxyRouteTable { get; init; } = "133";

    /// <summary>-b: inbound ports to capture, "*" for all; empty captures no inbound traffic.</summary>
    public string InboundPortsInclude { get; init; } = "";

    /// <summary>-d: inbound ports left alone when <see cref="InboundPortsInclude"/> is "*".</summary>
    public string InboundPortsExclude { get; init; } = "";

    /// <summary>-i: outbound destinations to capture, "*" for all.</summary>
    public string OutboundIpRangesInclude { get; init; } = "";

    /// <summary>-x: outbound destinations never captured.</summary>
    public string OutboundIpRangesExclude { get; init; } = "";

    /// <summary>-q: outbound ports always captured.</summary>
    public string OutboundPortsInclude { get; init; } = "";

    /// <summary>-o: outbound ports never captured.</summary>
    public string OutboundPortsExclude { get; init; } = "";

    /// <summary>-k: interfaces (e.g. KubeVirt's) whose inbound traffic is treated as outbound.</summary>
    public string RerouteVirtualInterfaces { get; init; } = "";

    /// <summary>-c: interfaces whose traffic is never captured.</summary>
    public string ExcludeInterfaces { get; init; } = "";

    public bool RedirectDns { get; init; }

    public bool CaptureAllDns { get; init; }

    public bool DropInvalid { get; init; }

    public bool EnableIpv6 { get; init; }

    /// <summary>ISTIO_OUTBOUND_OWNER_GROUPS: groups whose traffic is captured ("*" = all).</summary>
    public string OwnerGroupsInclude { get; init; } = "*";

    /// <summary>ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE: groups whose traffic is not captured.</summary>
    public string OwnerGroupsExclude { get; init; } = "";

    public string HostIpv4LoopbackCidr { get; init; } = "127.0.0.1/32";

    /// <summary>DNS servers whose port-53 traffic --redirect-dns captures (from /etc/resolv.conf or --dns-servers).</summary>
    public ImmutableArray<string> DnsServersV4 { get; init; } = [];

    public ImmutableArray<string> DnsServersV6 { get; init; } = [];

    /// <summary>Print what would run instead of running it.</summary>
    public bool DryRun { get; init; }

    /// <summary>Remove the rules instead of installing them.</summary>
    public bool CleanupOnly { get; init; }

    /// <summary>Istio's comma lists: items trimmed, empty items dropped ("6000,7000," is two ports).</summary>
    public static string[] Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
