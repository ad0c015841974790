using Envoy.Config.Core.V3;

namespace Proxy.Upstream.Config;

/// <summary>
/// One shared instance per distinct endpoint or locality metadata value. Istio gives every endpoint of a
/// workload the same metadata (tlsMode, workload labels), so a mesh's 30,000 endpoints hold a few hundred
/// values; without sharing, each endpoint keeps its own Struct graph (about 1 KB). Instances are read-only.
/// The table is emptied when it grows past <see cref="Capacity"/>, which only costs sharing, never correctness.
/// Values are compared as messages (protobuf's structural equality and hash), so interning serializes nothing.
/// </summary>
internal static class MetadataInterner
{
    public const int Capacity = 65_536;

    private static readonly Dictionary<Metadata, Metadata> Table = [];
    private static readonly Lock Gate = new();

    public static Metadata? Intern(Metadata? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        lock (Gate)
        {
            if (Table.TryGetValue(metadata, out var shared))
            {
                return shared;
            }

            if (Table.Count >= Capacity)
            {
                Table.Clear();
            }

            Table[metadata] = metadata;
            return metadata;
        }
    }
}
