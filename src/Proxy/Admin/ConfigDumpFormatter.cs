using Google.Protobuf;
using Proxy.Xds.Json;

namespace Proxy.Admin;

/// <summary>
/// Proto JSON as Envoy's admin prints it: proto (snake_case) field names, Any resolved by type. Printed from the
/// binary form through the dynamic descriptors (<see cref="ProtoJsonWriter"/>), so an admin request never builds
/// the generated types' reflection.
/// </summary>
internal static class ConfigDumpFormatter
{
    public const string ServerInfoType = "envoy.admin.v3.ServerInfo";
    public const string ListenersType = "envoy.admin.v3.Listeners";
    public const string ClustersType = "envoy.admin.v3.Clusters";

    /// <summary>The JSON of <paramref name="message"/>, a message of <paramref name="typeName"/> (its full proto name).</summary>
    public static string Format(IMessage message, string typeName) => ProtoJsonWriter.Format(message, typeName);
}
