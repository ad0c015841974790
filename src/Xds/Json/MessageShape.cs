using Google.Protobuf.Reflection;

namespace Proxy.Xds.Json;

/// <summary>
/// What the transcoders need of one message type, computed once per <see cref="TypeTable"/>: field lookup by
/// either JSON spelling (the proto name <c>stat_prefix</c>, as Envoy's config_dump and most hand-written configs
/// use, and the lowerCamelCase json_name <c>statPrefix</c>, as istioctl and Go's protojson print; proto3 JSON
/// parsers must accept both) and the fields in number order (the order serializers write them).
/// </summary>
internal sealed class MessageShape
{
    private readonly Dictionary<string, FieldDescriptor> _byJsonName = new(StringComparer.Ordinal);

    public MessageShape(MessageDescriptor message)
    {
        Message = message;
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            _byJsonName[field.Name] = field;
            _byJsonName.TryAdd(field.JsonName, field);
        }

        FieldsByNumber = [.. message.Fields.InFieldNumberOrder()];
    }

    public MessageDescriptor Message { get; }

    public IReadOnlyList<FieldDescriptor> FieldsByNumber { get; }

    public bool TryFind(string jsonName, out FieldDescriptor field) => _byJsonName.TryGetValue(jsonName, out field!);

    public FieldDescriptor? ByNumber(int number) => Message.FindFieldByNumber(number);
}
