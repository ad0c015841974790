using System.Collections.Immutable;
using Google.Protobuf;

namespace Proxy.Upstream.Config;

/// <summary>
/// <c>envoy.extensions.clusters.aggregate.v3.ClusterConfig</c> (cluster_type <c>envoy.clusters.aggregate</c>):
/// <c>repeated string clusters = 1</c>, decoded by field number since the type is not in our generated API.
/// </summary>
internal static class AggregateClusterExtension
{
    public const string TypeName = "envoy.extensions.clusters.aggregate.v3.ClusterConfig";

    public static ImmutableArray<string> Decode(ByteString bytes)
    {
        var clusters = ImmutableArray.CreateBuilder<string>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 &&
                WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                clusters.Add(input.ReadString());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return clusters.ToImmutable();
    }
}
