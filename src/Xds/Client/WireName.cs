using System.Text;
using Google.Protobuf;

namespace Proxy.Xds.Client;

/// <summary>
/// Reads a resource's name from its bytes without parsing the rest: field 1, a string, in every xDS resource
/// type (Listener.name, Cluster.name, ClusterLoadAssignment.cluster_name, RouteConfiguration.name,
/// Secret.name). Only the top-level fields are walked; what they hold is checked when the resource is parsed.
/// </summary>
internal static class WireName
{
    /// <summary>The name, empty when field 1 is absent; null when the top-level framing is broken.</summary>
    public static string? Read(ByteString value)
    {
        var bytes = value.Span;
        var name = string.Empty;
        var at = 0;
        while (at < bytes.Length)
        {
            if (!TryVarint(bytes, ref at, out var tag))
            {
                return null;
            }

            var field = tag >> 3;
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryVarint(bytes, ref at, out _))
                    {
                        return null;
                    }

                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    if (!TryVarint(bytes, ref at, out var length) || length > (ulong)(bytes.Length - at))
                    {
                        return null;
                    }

                    if (field == 1)
                    {
                        // A repeated scalar field's last value wins, as in a full parse.
                        name = Encoding.UTF8.GetString(bytes.Slice(at, (int)length));
                    }

                    at += (int)length;
                    break;
                default:
                    return null;
            }

            if (field == 0 || at > bytes.Length)
            {
                return null;
            }
        }

        return name;
    }

    private static bool TryVarint(ReadOnlySpan<byte> bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < bytes.Length; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
