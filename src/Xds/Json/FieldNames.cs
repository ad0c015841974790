using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace Proxy.Xds.Json;

/// <summary>
/// Field lookup by either JSON spelling: the proto name (<c>stat_prefix</c>, what Envoy's own config_dump and
/// most hand-written configs use) and the lowerCamelCase json_name (<c>statPrefix</c>, what istioctl and
/// Go's protojson print). proto3 JSON parsers must accept both.
/// </summary>
internal static class FieldNames
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Dictionary<string, FieldDescriptor>> Tables = new();

    public static bool TryFind(MessageDescriptor message, string name, out FieldDescriptor field) =>
        Tables.GetOrAdd(message, Build).TryGetValue(name, out field!);

    private static Dictionary<string, FieldDescriptor> Build(MessageDescriptor message)
    {
        var table = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            table[field.Name] = field;
            table.TryAdd(field.JsonName, field);
        }

        return table;
    }
}
