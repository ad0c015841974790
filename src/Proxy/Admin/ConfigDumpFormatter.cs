using Google.Protobuf;
using Proxy.Xds;

namespace Proxy.Admin;

/// <summary>Proto JSON as Envoy's admin prints it: proto (snake_case) field names, Any resolved by type.</summary>
internal static class ConfigDumpFormatter
{
    public static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithTypeRegistry(EnvoyTypeRegistry.Instance));

    /// <summary>Also prints fields at their default value (Envoy's always_print_primitive_fields).</summary>
    public static readonly JsonFormatter WithDefaults = new(
        JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithTypeRegistry(EnvoyTypeRegistry.Instance).WithFormatDefaultValues(true));
}
