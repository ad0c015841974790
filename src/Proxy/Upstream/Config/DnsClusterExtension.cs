using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Proxy.Upstream.Config;

/// <summary>
/// <c>envoy.extensions.clusters.dns.v3.DnsCluster</c> (cluster_type <c>envoy.cluster.dns</c>), the newer way to
/// configure STRICT/LOGICAL DNS clusters (Envoy Gateway uses it). Our pinned API package predates it, so the
/// message is decoded here by field number (dns_cluster.proto: 3 dns_refresh_rate, 4 dns_failure_refresh_rate,
/// 5 respect_dns_ttl, 6 dns_jitter, 7 typed_dns_resolver_config, 8 dns_lookup_family, 9 dns_discovery_type).
/// </summary>
internal sealed record DnsClusterExtension
{
    public const string TypeName = "envoy.extensions.clusters.dns.v3.DnsCluster";

    public Duration? RefreshRate { get; private init; }

    public Duration? FailureBase { get; private init; }

    public Duration? FailureMax { get; private init; }

    public bool HasFailureRefreshRate { get; private init; }

    public bool RespectDnsTtl { get; private init; }

    public Duration? Jitter { get; private init; }

    public bool HasCustomResolver { get; private init; }

    /// <summary>common.dns.v3.DnsLookupFamily: 0 UNSPECIFIED, 1 AUTO, 2 V4_ONLY, 3 V6_ONLY, 4 V4_PREFERRED, 5 ALL.</summary>
    public int LookupFamily { get; private init; }

    /// <summary>DnsDiscoveryType: 0 LOGICAL (the default), 1 STRICT.</summary>
    public bool Strict { get; private init; }

    public static DnsClusterExtension Decode(ByteString bytes)
    {
        var result = new DnsClusterExtension();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var delimited = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
            var varint = WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint;
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3 when delimited:
                    result = result with { RefreshRate = ReadDuration(input) };
                    break;
                case 4 when delimited:
                    var (baseInterval, maxInterval) = ReadRefreshRate(input);
                    result = result with { HasFailureRefreshRate = true, FailureBase = baseInterval, FailureMax = maxInterval };
                    break;
                case 5 when varint:
                    result = result with { RespectDnsTtl = input.ReadBool() };
                    break;
                case 6 when delimited:
                    result = result with { Jitter = ReadDuration(input) };
                    break;
                case 7 when delimited:
                    input.SkipLastField();
                    result = result with { HasCustomResolver = true };
                    break;
                case 8 when varint:
                    result = result with { LookupFamily = input.ReadEnum() };
                    break;
                case 9 when varint:
                    result = result with { Strict = input.ReadEnum() == 1 };
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return result;
    }

    private static Duration ReadDuration(CodedInputStream input)
    {
        var duration = new Duration();
        input.ReadMessage(duration);
        return duration;
    }

    private static (Duration? Base, Duration? Max) ReadRefreshRate(CodedInputStream input)
    {
        var nested = input.ReadBytes().CreateCodedInput();
        Duration? baseInterval = null;
        Duration? maxInterval = null;
        uint tag;
        while ((tag = nested.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                nested.SkipLastField();
                continue;
            }

            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    baseInterval = ReadDuration(nested);
                    break;
                case 2:
                    maxInterval = ReadDuration(nested);
                    break;
                default:
                    nested.SkipLastField();
                    break;
            }
        }

        return (baseInterval, maxInterval);
    }
}
