using Google.Protobuf;
using Proxy.Xds;

namespace Proxy.Admin;

/// <summary>Proto JSON as Envoy's admin prints it: proto (snake_case) field names, Any resolved by type.</summary>
internal static class ConfigDumpFormatter
{
    public static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithTypeRegistry(EnvoyTypeRegistry.Instance));
}
