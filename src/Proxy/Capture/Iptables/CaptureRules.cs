namespace Proxy.Capture.Iptables;

/// <summary>
/// The rules istio-iptables installs for a sidecar (tools/istio-iptables/pkg/capture/run.go), in its order:
/// interface exclusions, the tunnel-port bypass, the REDIRECT chains (outbound to the proxy port, inbound to
/// the inbound capture port), inbound capture (nat REDIRECT or mangle TPROXY), the ISTIO_OUTPUT chain that
/// lets the proxy's own uid/gid and loopback traffic through and redirects the rest by port and CIDR, owner
/// groups, DNS capture to 15053 with its conntrack zones, and TPROXY's marks. The output is byte-for-byte
/// what Istio's goldens record for the same flags (tests/Proxy.Tests/Capture).
/// </summary>
public static class CaptureRules
{
    public const string Inbound = "ISTIO_INBOUND";
    public const string Redirect = "ISTIO_REDIRECT";
    public const string InRedirect = "ISTIO_IN_REDIRECT";
    public const string Output = "ISTIO_OUTPUT";
    public const string OutputDns = "ISTIO_OUTPUT_DNS";
    public const string Divert = "ISTIO_DIVERT";
    public const string TProxy = "ISTIO_TPROXY";
    public const string Drop = "ISTIO_DROP";
    public const string OutboundMark = "1338";
    public const string DnsPort = "15053";

    private const string V = RuleBuilder.VersionSpecific;

    public static RuleBuilder Build(CaptureConfig c)
    {
        var b = new RuleBuilder(c.EnableIpv6);
        var (excludeV4, excludeV6) = NetworkRange.Separate(c.OutboundIpRangesExclude);
        var (includeV4, includeV6) = NetworkRange.Separate(c.OutboundIpRangesInclude);
        var tproxy = c.InboundInterceptionMode == "TPROXY";

        // Without servers to match, --redirect-dns would capture nothing; istio-iptables turns it off.
        var redirectDns = c.RedirectDns && (c.CaptureAllDns || c.DnsServersV4.Length > 0 || c.DnsServersV6.Length > 0);

        // 1. Interfaces never captured, and virtual interfaces' own inbound traffic.
        foreach (var nic in CaptureConfig.Split(c.ExcludeInterfaces))
        {
            b.Append("PREROUTING", "nat", "-i", nic, "-j", "RETURN");
            b.Append("OUTPUT", "nat", "-o", nic, "-j", "RETURN");
        }

        if (tproxy)
        {
            foreach (var nic in CaptureConfig.Split(c.ExcludeInterfaces))
            {
                b.Append("PREROUTING", "mangle", "-i", nic, "-j", "RETURN");
                b.Append("OUTPUT", "mangle", "-o", nic, "-j", "RETURN");
            }
        }

        foreach (var nic in CaptureConfig.Split(c.RerouteVirtualInterfaces))
        {
            b.Insert("PREROUTING", "nat", 1, "-i", nic, "-j", "RETURN");
        }

        if (c.DropInvalid)
        {
            b.Append("PREROUTING", "mangle", "-m", "conntrack", "--ctstate", "INVALID", "-j", Drop);
            b.Append(Drop, "mangle", "-j", "DROP");
        }

        // 2. The tunnel port bypasses capture; the redirect chains.
        b.Append(Inbound, "nat", "-p", "tcp", "--dport", c.InboundTunnelPort, "-j", "RETURN");
        b.Append(Redirect, "nat", "-p", "tcp", "-j", "REDIRECT", "--to-ports", c.ProxyPort);
        b.Append(InRedirect, "nat", "-p", "tcp", "-j", "REDIRECT", "--to-ports", c.InboundCapturePort);

        // 3. Inbound.
        InboundPorts(b, c, tproxy);

        // 4. Outbound: everything the pod sends goes through ISTIO_OUTPUT.
        b.Append("OUTPUT", "nat", "-j", Output);
        foreach (var port in CaptureConfig.Split(c.OutboundPortsExclude))
        {
            b.Append(Output, "nat", "-p", "tcp", "--dport", port, "-j", "RETURN");
            b.Append(Output, "nat", "-p", "udp", "--dport", port, "-j", "RETURN");
        }

        // The inbound passthrough cluster's source address (127.0.0.6 / ::6) reaches the app directly.
        b.AppendVersioned("127.0.0.6/32", "::6/128", Output, "nat", "-o", "lo", "-s", V, "-j", "RETURN");
        var loopbackIncluded = includeV4.HasLoopback || includeV6.HasLoopback;
        foreach (var uid in CaptureConfig.Split(c.ProxyUid))
        {
            ProxyOwner(b, c, "--uid-owner", uid, redirectDns, loopbackIncluded, dnsAwareSelfRedirect: redirectDns);
        }

        foreach (var gid in CaptureConfig.Split(c.ProxyGid))
        {
            ProxyOwner(b, c, "--gid-owner", gid, redirectDns, loopbackIncluded, dnsAwareSelfRedirect: false);
        }

        OwnerGroups(b, c);
        if (redirectDns)
        {
            DnsCapture(b, c);
        }

        // Localhost traffic is the app talking to itself or to a proxy-aware client: never captured.
        b.AppendVersioned(c.HostIpv4LoopbackCidr, "::1/128", Output, "nat", "-d", V, "-j", "RETURN");
        foreach (var cidr in excludeV4.Cidrs)
        {
            b.AppendV4(Output, "nat", "-d", cidr, "-j", "RETURN");
        }

        foreach (var cidr in excludeV6.Cidrs)
        {
            b.AppendV6(Output, "nat", "-d", cidr, "-j", "RETURN");
        }

        foreach (var port in CaptureConfig.Split(c.OutboundPortsInclude))
        {
            b.Append(Output, "nat", "-p", "tcp", "--dport", port, "-j", Redirect);
        }

        OutboundInclude(b, c, includeV4, b.AppendV4, b.InsertV4);
        OutboundInclude(b, c, includeV6, b.AppendV6, b.InsertV6);
        if (tproxy)
        {
            TProxyMarks(b, c);
        }

        return b;
    }

    private static void InboundPorts(RuleBuilder b, CaptureConfig c, bool tproxy)
    {
        if (c.InboundPortsInclude.Length == 0)
        {
            return;
        }

        string table;
        if (tproxy)
        {
            // Marked packets are routed to loopback (policy route), where TPROXY hands them to the proxy.
            b.Append(Divert, "mangle", "-j", "MARK", "--set-mark", c.InboundTProxyMark);
            b.Append(Divert, "mangle", "-j", "ACCEPT");
            b.AppendVersioned(c.HostIpv4LoopbackCidr, "::1/128", TProxy, "mangle", "!", "-d", V, "-p", "tcp", "-j", "TPROXY",
                "--tproxy-mark", c.InboundTProxyMark + "/0xffffffff", "--on-port", c.InboundCapturePort);
            table = "mangle";
        }
        else
        {
            table = "nat";
        }

        b.Append("PREROUTING", table, "-p", "tcp", "-j", Inbound);
        if (c.InboundPortsInclude == "*")
        {
            foreach (var port in CaptureConfig.Split(c.InboundPortsExclude))
            {
                b.Append(Inbound, table, "-p", "tcp", "--dport", port, "-j", "RETURN");
            }

            if (tproxy)
            {
                b.Append(Inbound, "mangle", "-p", "tcp", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", Divert);
                b.Append(Inbound, "mangle", "-p", "tcp", "-j", TProxy);
            }
            else
            {
                b.Append(Inbound, "nat", "-p", "tcp", "-j", InRedirect);
            }

            return;
        }

        foreach (var port in CaptureConfig.Split(c.InboundPortsInclude))
        {
            if (tproxy)
            {
                b.Append(Inbound, "mangle", "-p", "tcp", "--dport", port, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", Divert);
                b.Append(Inbound, "mangle", "-p", "tcp", "--dport", port, "-j", TProxy);
            }
            else
            {
                b.Append(Inbound, "nat", "-p", "tcp", "--dport", port, "-j", InRedirect);
            }
        }
    }

    /// <summary>The three rules per proxy uid or gid: self-calls via a service VIP go back inbound, other loopback
    /// traffic returns, and the proxy's own traffic is never captured (no loops).</summary>
    private static void ProxyOwner(RuleBuilder b, CaptureConfig c, string match, string owner, bool redirectDns, bool loopbackIncluded, bool dnsAwareSelfRedirect)
    {
        if (dnsAwareSelfRedirect)
        {
            b.AppendVersioned(c.HostIpv4LoopbackCidr, "::1/128", Output, "nat", "-o", "lo", "!", "-d", V, "-p", "tcp",
                "-m", "multiport", "!", "--dports", "53," + c.InboundTunnelPort, "-m", "owner", match, owner, "-j", InRedirect);
        }
        else
        {
            b.AppendVersioned(c.HostIpv4LoopbackCidr, "::1/128", Output, "nat", "-o", "lo", "!", "-d", V, "-p", "tcp",
                "!", "--dport", c.InboundTunnelPort, "-m", "owner", match, owner, "-j", InRedirect);
        }

        if (!loopbackIncluded)
        {
            if (redirectDns)
            {
                b.Append(Output, "nat", "-o", "lo", "-p", "tcp", "!", "--dport", "53", "-m", "owner", "!", match, owner, "-j", "RETURN");
            }
            else
            {
                b.Append(Output, "nat", "-o", "lo", "-m", "owner", "!", match, owner, "-j", "RETURN");
            }
        }

        b.Append(Output, "nat", "-m", "owner", match, owner, "-j", "RETURN");
    }

    /// <summary>ISTIO_OUTBOUND_OWNER_GROUPS(_EXCLUDE): capture only some groups, or all but some.</summary>
    private static void OwnerGroups(RuleBuilder b, CaptureConfig c)
    {
        if (c.OwnerGroupsInclude == "*")
        {
            foreach (var group in CaptureConfig.Split(c.OwnerGroupsExclude))
            {
                b.Append(Output, "nat", "-m", "owner", "--gid-owner", group, "-j", "RETURN");
            }

            return;
        }

        var parameters = new List<string>();
        foreach (var group in CaptureConfig.Split(c.OwnerGroupsInclude))
        {
            parameters.AddRange(["-m", "owner", "!", "--gid-owner", group]);
        }

        parameters.AddRange(["-j", "RETURN"]);
        b.Append(Output, "nat", [.. parameters]);
    }

    /// <summary>DNS to the pod's resolvers goes to the agent's DNS proxy on 15053, in separate conntrack zones.</summary>
    private static void DnsCapture(RuleBuilder b, CaptureConfig c)
    {
        b.Append("OUTPUT", "raw", "-j", OutputDns);
        if (c.CaptureAllDns || c.DnsServersV4.Length > 0)
        {
            b.AppendV4(Output, "nat", "-j", OutputDns);
        }

        if (c.CaptureAllDns || c.DnsServersV6.Length > 0)
        {
            b.AppendV6(Output, "nat", "-j", OutputDns);
        }

        foreach (var protocol in new[] { "tcp", "udp" })
        {
            var to = protocol == "tcp" ? "--to-ports" : "--to-port";
            if (c.CaptureAllDns)
            {
                b.Append(OutputDns, "nat", "-p", protocol, "--dport", "53", "-j", "REDIRECT", to, DnsPort);
                continue;
            }

            foreach (var server in c.DnsServersV4)
            {
                b.AppendV4(OutputDns, "nat", "-p", protocol, "--dport", "53", "-d", server + "/32", "-j", "REDIRECT", to, DnsPort);
            }

            foreach (var server in c.DnsServersV6)
            {
                b.AppendV6(OutputDns, "nat", "-p", protocol, "--dport", "53", "-d", server + "/128", "-j", "REDIRECT", to, DnsPort);
            }
        }

        foreach (var uid in CaptureConfig.Split(c.ProxyUid))
        {
            b.Append(OutputDns, "raw", "-p", "udp", "--dport", "53", "-m", "owner", "--uid-owner", uid, "-j", "CT", "--zone", "1");
            b.Append(OutputDns, "raw", "-p", "udp", "--sport", DnsPort, "-m", "owner", "--uid-owner", uid, "-j", "CT", "--zone", "2");
        }

        foreach (var gid in CaptureConfig.Split(c.ProxyGid))
        {
            b.Append(OutputDns, "raw", "-p", "udp", "--dport", "53", "-m", "owner", "--gid-owner", gid, "-j", "CT", "--zone", "1");
            b.Append(OutputDns, "raw", "-p", "udp", "--sport", DnsPort, "-m", "owner", "--gid-owner", gid, "-j", "CT", "--zone", "2");
        }

        if (c.CaptureAllDns)
        {
            b.Append("PREROUTING", "raw", "-j", Inbound);
            b.Append(OutputDns, "raw", "-p", "udp", "--dport", "53", "-j", "CT", "--zone", "2");
            b.Append(Inbound, "raw", "-p", "udp", "--sport", "53", "-j", "CT", "--zone", "1");
            return;
        }

        if (c.DnsServersV4.Length > 0)
        {
            b.AppendV4("PREROUTING", "raw", "-j", Inbound);
        }

        foreach (var server in c.DnsServersV4)
        {
            b.AppendV4(OutputDns, "raw", "-p", "udp", "--dport", "53", "-d", server + "/32", "-j", "CT", "--zone", "2");
            b.AppendV4(Inbound, "raw", "-p", "udp", "--sport", "53", "-s", server + "/32", "-j", "CT", "--zone", "1");
        }

        if (c.DnsServersV6.Length > 0)
        {
            b.AppendV6("PREROUTING", "raw", "-j", Inbound);
        }

        foreach (var server in c.DnsServersV6)
        {
            b.AppendV6(OutputDns, "raw", "-p", "udp", "--dport", "53", "-d", server + "/128", "-j", "CT", "--zone", "2");
            b.AppendV6(Inbound, "raw", "-p", "udp", "--sport", "53", "-s", server + "/128", "-j", "CT", "--zone", "1");
        }
    }

    private static void OutboundInclude(RuleBuilder b, CaptureConfig c, NetworkRange include,
        Action<string, string, string[]> append, Action<string, string, int, string[]> insert)
    {
        if (include.IsWildcard)
        {
            append(Output, "nat", ["-j", Redirect]);
            foreach (var nic in CaptureConfig.Split(c.RerouteVirtualInterfaces))
            {
                insert("PREROUTING", "nat", 1, ["-i", nic, "-j", Redirect]);
            }

            return;
        }

        foreach (var cidr in include.Cidrs)
        {
            foreach (var nic in CaptureConfig.Split(c.RerouteVirtualInterfaces))
            {
                insert("PREROUTING", "nat", 1, ["-i", nic, "-d", cidr, "-j", Redirect]);
            }

            append(Output, "nat", ["-d", cidr, "-j", Redirect]);
        }
    }

    /// <summary>TPROXY: keep the proxy's mark on its connections, and never re-capture what it sends to the app.</summary>
    private static void TProxyMarks(RuleBuilder b, CaptureConfig c)
    {
        b.Append("PREROUTING", "mangle", "-p", "tcp", "-m", "mark", "--mark", c.InboundTProxyMark, "-j", "CONNMARK", "--save-mark");
        b.Append("OUTPUT", "mangle", "-p", "tcp", "-o", "lo", "-m", "mark", "--mark", c.InboundTProxyMark, "-j", "RETURN");
        foreach (var uid in CaptureConfig.Split(c.ProxyUid))
        {
            b.AppendVersioned(c.HostIpv4LoopbackCidr, "::1/128", "OUTPUT", "mangle", "!", "-d", V, "-p", "tcp", "-o", "lo",
                "-m", "owner", "--uid-owner", uid, "-j", "MARK", "--set-mark", OutboundMark);
        }

        foreach (var gid in CaptureConfig.Split(c.ProxyGid))
        {
            b.AppendVersioned(c.HostIpv4LoopbackCidr, "::1/128", "OUTPUT", "mangle", "!", "-d", V, "-p", "tcp", "-o", "lo",
                "-m", "owner", "--gid-owner", gid, "-j", "MARK", "--set-mark", OutboundMark);
        }

        b.Append("OUTPUT", "mangle", "-p", "tcp", "-m", "connmark", "--mark", c.InboundTProxyMark, "-j", "CONNMARK", "--restore-mark");
        b.Insert(Inbound, "mangle", 1, "-p", "tcp", "-m", "mark", "--mark", c.InboundTProxyMark, "-j", "RETURN");
        b.InsertV4(Inbound, "mangle", 2, "-p", "tcp", "-s", "127.0.0.6/32", "-i", "lo", "-j", "RETURN");
        b.InsertV6(Inbound, "mangle", 2, "-p", "tcp", "-s", "::6/128", "-i", "lo", "-j", "RETURN");
        b.Insert(Inbound, "mangle", 3, "-p", "tcp", "-i", "lo", "-m", "mark", "!", "--mark", OutboundMark, "-j", "RETURN");
    }
}
