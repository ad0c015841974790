using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Type.Metadata.V3;
using Google.Protobuf;

namespace Proxy.Upstream.Config;

/// <summary>
/// <c>envoy.extensions.load_balancing_policies.override_host.v3.OverrideHost</c>, newer than our pinned API
/// package, decoded by field number (override_host.proto: 1 override_host_sources {1 header, 2 metadata},
/// 2 selected_host_key, 3 fallback_policy).
/// </summary>
internal sealed record OverrideHostExtension(ImmutableArray<OverrideHostSource> Sources, LoadBalancingPolicy? FallbackPolicy)
{
    public const string TypeName = "envoy.extensions.load_balancing_policies.override_host.v3.OverrideHost";

    public static OverrideHostExtension Decode(ByteString bytes)
    {
        var sources = ImmutableArray.CreateBuilder<OverrideHostSource>();
        LoadBalancingPolicy? fallback = null;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }

            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    sources.Add(DecodeSource(input.ReadBytes()));
                    break;
                case 3:
                    fallback = new LoadBalancingPolicy();
                    input.ReadMessage(fallback);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OverrideHostExtension(sources.ToImmutable(), fallback);
    }

    private static OverrideHostSource DecodeSource(ByteString bytes)
    {
        string? header = null;
        MetadataKey? metadata = null;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }

            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    header = input.ReadString();
                    break;
                case 2:
                    metadata = new MetadataKey();
                    input.ReadMessage(metadata);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        var path = metadata is null ? Array.Empty<string>() : metadata.Path.Select(p => p.Key).ToArray();
        return new OverrideHostSource(string.IsNullOrEmpty(header) ? null : header, metadata?.Key, path);
    }
}
