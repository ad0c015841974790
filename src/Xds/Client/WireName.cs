using Google.Protobuf;

namespace Proxy.Xds.Client;

/// <summary>
/// Reads a resource's name from its bytes without parsing the rest: field 1, a string, in every xDS resource
/// type (Listener.name, Cluster.name, ClusterLoadAssignment.cluster_name, RouteConfiguration.name,
/// Secret.name). Only the top-level fields are walked (Google.Protobuf's reader skips the others); what they
/// hold is checked when the resource is parsed.
/// </summary>
internal static class WireName
{
    private const uint NameTag = (1 << 3) | (uint)WireFormat.WireType.LengthDelimited;

    /// <summary>The name, empty when field 1 is absent.</summary>
    /// <exception cref="InvalidProtocolBufferException">The top-level framing is broken.</exception>
    public static string Read(ByteString value)
    {
        var input = value.CreateCodedInput();
        var name = string.Empty;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == NameTag)
            {
                // A repeated scalar field's last value wins, as in a full parse.
                name = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return name;
    }
}
