using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Proxy.Xds.Json;

/// <summary>
/// Transcodes a JSON document into the protobuf binary form of a message type named by its full name, driven by
/// the dynamic descriptors of <see cref="EnvoyTypeRegistry"/>, following the proto3 JSON mapping
/// (https://protobuf.dev/programming-guides/proto3/#json) the way Envoy reads its bootstrap. Callers then parse
/// the bytes with the generated parser (<c>Bootstrap.Parser</c>), which builds no descriptors. Every error is a
/// <see cref="ProtoJsonException"/> with the JSON path of the offending value.
/// <list type="bullet">
/// <item>Field names: proto name (snake_case) or json_name (lowerCamelCase); the same field twice is an error.</item>
/// <item><c>null</c> means "field absent" (except for google.protobuf.Value, where it is a null value).</item>
/// <item>Two members of one oneof set: error.</item>
/// <item>Unknown field (and unknown enum name): error, unless <c>ignoreUnknownFields</c> (Envoy's
/// <c>--allow-unknown-static-fields</c>), in which case it is skipped and reported as a warning.</item>
/// <item>Any: <c>@type</c> resolved in the registry (an unknown type is an error naming the URL); its value is
/// the inner message's bytes. Every Any met is reported as an <see cref="AnyUse"/>, except under
/// <c>Metadata.typed_filter_metadata</c> (data, not extensions). For a udpa/xds TypedStruct the named type, when
/// known, is transcoded from the struct too, so its errors carry paths and its own Anys are reported.</item>
/// <item>With <c>keepUnknownAnyTypes</c> (for reading config dumps, as istioctl does), an Any of a type outside
/// the registry keeps its type URL and drops its content: what a translator sees of such an extension on the
/// wire is its type, never its fields.</item>
/// </list>
/// The output is what Google.Protobuf would serialize for the same message: fields in number order, proto3
/// default values omitted (unless the field has presence), repeated scalars packed. Config-time only.
/// </summary>
public sealed class ProtoJsonReader
{
    // Google.Protobuf's JsonParser uses the same recursion limit.
    private const int MaxDepth = 100;
    private const string TypedFilterMetadata = "envoy.config.core.v3.Metadata.typed_filter_metadata";

    /// <param name="ignoreUnknownFields">Skip unknown fields and enum names with a warning instead of failing.</param>
    /// <param name="keepUnknownAnyTypes">Keep the type URL of an Any whose type is not in the registry (content dropped) instead of failing.</param>
    public ProtoJsonReader(bool ignoreUnknownFields = false, bool keepUnknownAnyTypes = false)
    {
        IgnoreUnknownFields = ignoreUnknownFields;
        KeepUnknownAnyTypes = keepUnknownAnyTypes;
    }

    public bool IgnoreUnknownFields { get; }

    public bool KeepUnknownAnyTypes { get; }

    /// <summary>Transcodes <paramref name="json"/> into the binary form of message <paramref name="typeName"/>; a null document is an empty message.</summary>
    /// <param name="warnings">Receives one line per skipped unknown field when unknown fields are ignored.</param>
    /// <param name="anys">Receives every Any met, in field number order, outer before inner.</param>
    /// <param name="path">Path of <paramref name="json"/> inside a larger document, prefixed to every error path.</param>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is not a message of the registry.</exception>
    public byte[] ToBinary(JsonNode? json, string typeName, ICollection<string>? warnings = null, ICollection<AnyUse>? anys = null, string path = "")
    {
        var table = EnvoyTypeRegistry.Table;
        var descriptor = table.Find(typeName) ?? throw new ArgumentException($"unknown message type '{typeName}'", nameof(typeName));
        if (json is null)
        {
            return [];
        }

        var transcode = new Transcode(table, IgnoreUnknownFields, KeepUnknownAnyTypes, warnings, anys);
        transcode.Content(json, descriptor, path, 0, record: true);
        return transcode.Output.ToArray();
    }

    /// <summary>Transcodes <paramref name="json"/> as <paramref name="typeName"/> and parses it with the generated <paramref name="parser"/>.</summary>
    public T Parse<T>(JsonNode? json, MessageParser<T> parser, string typeName, ICollection<string>? warnings = null, ICollection<AnyUse>? anys = null)
        where T : IMessage<T> =>
        parser.ParseFrom(ToBinary(json, typeName, warnings, anys));

    /// <summary>Parses JSON text; syntax errors become <see cref="ProtoJsonException"/> with the path reached.</summary>
    public T Parse<T>(string jsonText, MessageParser<T> parser, string typeName, ICollection<string>? warnings = null, ICollection<AnyUse>? anys = null)
        where T : IMessage<T> =>
        Parse(ParseText(jsonText), parser, typeName, warnings, anys);

    /// <summary>Parses JSON text into a node tree, turning syntax errors into <see cref="ProtoJsonException"/>.</summary>
    public static JsonNode? ParseText(string jsonText)
    {
        try
        {
            return JsonNode.Parse(jsonText, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var path = e.Path is null or "$" ? string.Empty : e.Path.TrimStart('$').TrimStart('.');
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : string.Empty;
            throw new ProtoJsonException(path, $"invalid JSON{where}: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    /// <summary>One transcoding: the output buffer and where warnings and Anys go.</summary>
    private sealed class Transcode(TypeTable table, bool ignoreUnknownFields, bool keepUnknownAnyTypes, ICollection<string>? warnings, ICollection<AnyUse>? anys)
    {
        public ProtoWriter Output { get; } = new();

        /// <summary>Writes the fields of one message (no tag, no length) read from <paramref name="node"/>.</summary>
        public void Content(JsonNode? node, MessageDescriptor descriptor, string path, int depth, bool record)
        {
            if (depth > MaxDepth)
            {
                throw new ProtoJsonException(path, $"nesting deeper than {MaxDepth} levels");
            }

            var fullName = descriptor.FullName;
            switch (fullName)
            {
                case WellKnownTypeNames.Any:
                    Any(node, path, depth, record);
                    return;
                case WellKnownTypeNames.Duration:
                    var duration = TimeReader.ReadDuration(node, path);
                    SecondsAndNanos(duration.Seconds, duration.Nanos);
                    return;
                case WellKnownTypeNames.Timestamp:
                    var timestamp = TimeReader.ReadTimestamp(node, path);
                    SecondsAndNanos(timestamp.Seconds, timestamp.Nanos);
                    return;
                case WellKnownTypeNames.FieldMask:
                    FieldMask(node, path);
                    return;
                case WellKnownTypeNames.Struct:
                    Struct(node, path, depth);
                    return;
                case WellKnownTypeNames.Value:
                    Value(node, path, depth);
                    return;
                case WellKnownTypeNames.ListValue:
                    List(node, path, depth);
                    return;
            }

            if (WellKnownTypeNames.IsWrapper(fullName))
            {
                // In JSON a wrapper is its plain value; in binary, field 1 (omitted when default).
                var valueField = descriptor.FindFieldByNumber(1);
                Scalar(1, valueField.FieldType, ScalarReader.Read(node, valueField.FieldType, path), keepDefault: false);
                return;
            }

            Object(node, descriptor, path, depth, record, skipKey: null);
        }

        private void Object(JsonNode? node, MessageDescriptor descriptor, string path, int depth, bool record, string? skipKey)
        {
            if (node is not JsonObject obj)
            {
                throw ScalarReader.Expected(node, $"an object ({descriptor.FullName})", path);
            }

            var shape = table.Shape(descriptor);
            var present = new List<(FieldDescriptor Field, JsonNode? Value, string Path)>();
            Dictionary<int, string>? seen = null;
            Dictionary<OneofDescriptor, string>? oneofs = null;
            foreach (var (key, value) in Properties(obj, path))
            {
                if (key == skipKey)
                {
                    continue;
                }

                var childPath = JsonPath.Property(path, key);
                if (!shape.TryFind(key, out var field))
                {
                    if (ignoreUnknownFields)
                    {
                        warnings?.Add($"{childPath}: ignored unknown field '{key}' of {descriptor.FullName}");
                        continue;
                    }

                    throw new ProtoJsonException(childPath, $"unknown field '{key}' in {descriptor.FullName}");
                }

                seen ??= [];
                if (!seen.TryAdd(field.FieldNumber, key))
                {
                    throw new ProtoJsonException(childPath, $"field '{field.Name}' is set twice (as '{seen[field.FieldNumber]}' and '{key}')");
                }

                // proto3 JSON: null is the default value, i.e. the field is absent.
                if (value is null && !TakesNull(field))
                {
                    continue;
                }

                if (field.RealContainingOneof is { } oneof)
                {
                    oneofs ??= [];
                    if (!oneofs.TryAdd(oneof, key))
                    {
                        throw new ProtoJsonException(childPath, $"'{oneofs[oneof]}' and '{key}' are both members of oneof '{oneof.Name}' in {descriptor.FullName}; at most one may be set");
                    }
                }

                present.Add((field, value, childPath));
            }

            // Serializers write fields in number order; so do we, so Any values are byte-for-byte Google's.
            present.Sort(static (a, b) => a.Field.FieldNumber.CompareTo(b.Field.FieldNumber));
            foreach (var (field, value, childPath) in present)
            {
                Field(field, value, childPath, depth, record && field.FullName != TypedFilterMetadata);
            }
        }

        private void Field(FieldDescriptor field, JsonNode? value, string path, int depth, bool record)
        {
            if (field.IsMap)
            {
                if (value is not JsonObject entries)
                {
                    throw ScalarReader.Expected(value, "an object (map)", path);
                }

                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var (key, entry) in Properties(entries, path))
                {
                    var entryPath = JsonPath.Property(path, key);
                    if (entry is null && !TakesNull(valueField))
                    {
                        throw new ProtoJsonException(entryPath, "map values may not be null");
                    }

                    var mapKey = ScalarReader.ReadMapKey(key, keyField.FieldType, entryPath);
                    int? enumValue = null;
                    if (valueField.FieldType == FieldType.Enum && (enumValue = ReadEnum(entry, valueField.EnumType, entryPath)) is null)
                    {
                        continue;
                    }

                    // A map entry is a message { key = 1; value = 2; }; default keys and scalar values are omitted.
                    var marker = Output.Begin(field.FieldNumber);
                    Scalar(1, keyField.FieldType, mapKey, keepDefault: false);
                    if (enumValue is { } number)
                    {
                        Scalar(2, FieldType.Enum, number, keepDefault: false);
                    }
                    else
                    {
                        Singular(2, valueField, entry, entryPath, depth, record, keepDefault: false);
                    }

                    Output.End(marker);
                }

                return;
            }

            if (field.IsRepeated)
            {
                if (value is not JsonArray array)
                {
                    throw ScalarReader.Expected(value, "an array", path);
                }

                var packed = field.IsPacked && IsPackable(field.FieldType);
                var marker = packed ? Output.Begin(field.FieldNumber) : default;
                for (var i = 0; i < array.Count; i++)
                {
                    var elementPath = JsonPath.Index(path, i);
                    var element = array[i];
                    if (element is null && !TakesNull(field))
                    {
                        throw new ProtoJsonException(elementPath, "repeated field elements may not be null");
                    }

                    if (!packed)
                    {
                        Singular(field.FieldNumber, field, element, elementPath, depth, record, keepDefault: true);
                    }
                    else if (field.FieldType == FieldType.Enum)
                    {
                        if (ReadEnum(element, field.EnumType, elementPath) is { } number)
                        {
                            Output.WriteVarint((ulong)(long)number);
                        }
                    }
                    else
                    {
                        RawScalar(field.FieldType, ScalarReader.Read(element, field.FieldType, elementPath));
                    }
                }

                if (packed)
                {
                    Output.End(marker, dropIfEmpty: true);
                }

                return;
            }

            Singular(field.FieldNumber, field, value, path, depth, record, keepDefault: HasPresence(field));
        }

        /// <summary>One value of <paramref name="field"/>'s type, with its tag; a skipped unknown enum name writes nothing.</summary>
        private void Singular(int number, FieldDescriptor field, JsonNode? node, string path, int depth, bool record, bool keepDefault)
        {
            switch (field.FieldType)
            {
                case FieldType.Message:
                    var marker = Output.Begin(number);
                    Content(node, field.MessageType, path, depth + 1, record);
                    Output.End(marker);
                    return;
                case FieldType.Enum:
                    if (ReadEnum(node, field.EnumType, path) is { } value && (value != 0 || keepDefault))
                    {
                        Output.Tag(number, ProtoWriter.Varint);
                        Output.WriteVarint((ulong)(long)value);
                    }

                    return;
                case FieldType.Group:
                    throw new ProtoJsonException(path, "groups are not supported");
                default:
                    Scalar(number, field.FieldType, ScalarReader.Read(node, field.FieldType, path), keepDefault);
                    return;
            }
        }

        private int? ReadEnum(JsonNode? node, EnumDescriptor type, string path)
        {
            if (type.FullName == WellKnownTypeNames.NullValue && node is null)
            {
                return 0;
            }

            if (JsonValues.AsString(node) is { } name)
            {
                if (type.FindValueByName(name) is { } known)
                {
                    return known.Number;
                }

                if (ignoreUnknownFields)
                {
                    warnings?.Add($"{path}: ignored unknown value '{name}' of enum {type.FullName}");
                    return null;
                }

                var names = string.Join(", ", type.Values.Select(v => v.Name));
                throw new ProtoJsonException(path, $"invalid value '{name}' for enum {type.FullName}; expected one of {names}");
            }

            if (JsonValues.NumberText(node) is not null)
            {
                // proto3 enums are open: any int32 is a valid value.
                return (int)ScalarReader.ReadInteger(node, path, int.MinValue, int.MaxValue, "enum number");
            }

            throw ScalarReader.Expected(node, $"an enum name or number ({type.FullName})", path);
        }

        private void Any(JsonNode? node, string path, int depth, bool record)
        {
            if (node is not JsonObject obj)
            {
                throw ScalarReader.Expected(node, "an object (google.protobuf.Any)", path);
            }

            if (obj.Count == 0)
            {
                return;
            }

            const string TypeKey = "@type";
            if (!obj.TryGetPropertyValue(TypeKey, out var typeNode))
            {
                throw new ProtoJsonException(path, "google.protobuf.Any without '@type'");
            }

            var typePath = JsonPath.Property(path, TypeKey);
            var typeUrl = JsonValues.AsString(typeNode) ?? throw ScalarReader.Expected(typeNode, "a type URL string", typePath);
            var slash = typeUrl.LastIndexOf('/');
            if (slash < 0 || slash == typeUrl.Length - 1)
            {
                throw new ProtoJsonException(typePath, $"invalid type URL '{typeUrl}': expected 'type.googleapis.com/<message full name>'");
            }

            var descriptor = table.Find(typeUrl[(slash + 1)..]);
            if (descriptor is null)
            {
                if (!keepUnknownAnyTypes)
                {
                    throw new ProtoJsonException(path, $"unknown type '{typeUrl}': not a message type of the Envoy API this proxy was built with");
                }

                if (record)
                {
                    anys?.Add(new AnyUse(path, typeUrl, null));
                }

                Output.Tag(1, ProtoWriter.LengthDelimited);
                Output.WriteString(typeUrl);
                return;
            }

            var typedStruct = AnyTypes.IsTypedStructName(descriptor.FullName);
            string? innerUrl = null;
            if (typedStruct)
            {
                innerUrl = JsonValues.AsString(obj["type_url"]) ?? JsonValues.AsString(obj["typeUrl"]);
            }

            if (record)
            {
                anys?.Add(new AnyUse(path, typeUrl, typedStruct ? innerUrl ?? string.Empty : null));
            }

            // Any { string type_url = 1; bytes value = 2; }
            Output.Tag(1, ProtoWriter.LengthDelimited);
            Output.WriteString(typeUrl);
            var marker = Output.Begin(2);
            // google.protobuf.Empty is a well-known type too: Google's formatter prints it as "value": {}.
            if (WellKnownTypeNames.HasSpecialJson(descriptor.FullName) || (descriptor.FullName == WellKnownTypeNames.Empty && obj.ContainsKey("value")))
            {
                // proto3 JSON: {"@type": ".../google.protobuf.Duration", "value": "1s"}.
                JsonNode? value = null;
                foreach (var (key, child) in Properties(obj, path))
                {
                    if (key == "value")
                    {
                        value = child;
                    }
                    else if (key != TypeKey)
                    {
                        throw new ProtoJsonException(JsonPath.Property(path, key), $"unknown field '{key}' in an Any holding {descriptor.FullName} (expected only '@type' and 'value')");
                    }
                }

                if (value is not null)
                {
                    Content(value, descriptor, JsonPath.Property(path, "value"), depth + 1, record);
                }
            }
            else
            {
                Object(obj, descriptor, path, depth + 1, record, skipKey: TypeKey);
            }

            Output.End(marker, dropIfEmpty: true);

            if (typedStruct && innerUrl is not null && table.Find(AnyTypes.NameOf(innerUrl)) is { } inner)
            {
                // Envoy converts a TypedStruct to its type through JSON; do it now so errors carry paths and
                // the Anys inside are seen. The bytes themselves are not kept.
                var valueNode = obj["value"];
                if (valueNode is not null)
                {
                    var mark = Output.Length;
                    Content(valueNode, inner, JsonPath.Property(path, "value"), depth + 1, record);
                    Output.Truncate(mark);
                }
            }
        }

        private void SecondsAndNanos(long seconds, int nanos)
        {
            Scalar(1, FieldType.Int64, seconds, keepDefault: false);
            Scalar(2, FieldType.Int32, nanos, keepDefault: false);
        }

        private void FieldMask(JsonNode? node, string path)
        {
            var text = JsonValues.AsString(node) ?? throw ScalarReader.Expected(node, "a comma-separated field mask string", path);
            if (text.Length == 0)
            {
                return;
            }

            foreach (var camel in text.Split(','))
            {
                // proto3 JSON: paths are lowerCamelCase in JSON and snake_case in the message.
                var snake = new System.Text.StringBuilder(camel.Length + 4);
                foreach (var c in camel)
                {
                    if (char.IsAsciiLetterUpper(c))
                    {
                        snake.Append('_').Append(char.ToLowerInvariant(c));
                    }
                    else
                    {
                        snake.Append(c);
                    }
                }

                Output.Tag(1, ProtoWriter.LengthDelimited);
                Output.WriteString(snake.ToString());
            }
        }

        // Struct { map<string, Value> fields = 1; }
        private void Struct(JsonNode? node, string path, int depth)
        {
            if (node is not JsonObject obj)
            {
                throw ScalarReader.Expected(node, "an object (google.protobuf.Struct)", path);
            }

            foreach (var (key, value) in Properties(obj, path))
            {
                var entry = Output.Begin(1);
                Scalar(1, FieldType.String, key, keepDefault: false);
                var marker = Output.Begin(2);
                Value(value, JsonPath.Property(path, key), depth + 1);
                Output.End(marker);
                Output.End(entry);
            }
        }

        // ListValue { repeated Value values = 1; }
        private void List(JsonNode? node, string path, int depth)
        {
            if (node is not JsonArray array)
            {
                throw ScalarReader.Expected(node, "an array (google.protobuf.ListValue)", path);
            }

            for (var i = 0; i < array.Count; i++)
            {
                var marker = Output.Begin(1);
                Value(array[i], JsonPath.Index(path, i), depth + 1);
                Output.End(marker);
            }
        }

        // Value { oneof kind { NullValue null_value = 1; double number_value = 2; string string_value = 3;
        //                      bool bool_value = 4; Struct struct_value = 5; ListValue list_value = 6; } }
        private void Value(JsonNode? node, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ProtoJsonException(path, $"nesting deeper than {MaxDepth} levels");
            }

            ProtoWriter.Marker marker;
            switch (JsonValues.Kind(node))
            {
                case JsonValueKind.Null:
                    Scalar(1, FieldType.Enum, 0, keepDefault: true);
                    return;
                case JsonValueKind.Object:
                    marker = Output.Begin(5);
                    Struct(node, path, depth);
                    Output.End(marker);
                    return;
                case JsonValueKind.Array:
                    marker = Output.Begin(6);
                    List(node, path, depth);
                    Output.End(marker);
                    return;
                case JsonValueKind.String:
                    Scalar(3, FieldType.String, JsonValues.AsString(node)!, keepDefault: true);
                    return;
                case JsonValueKind.True:
                    Scalar(4, FieldType.Bool, true, keepDefault: true);
                    return;
                case JsonValueKind.False:
                    Scalar(4, FieldType.Bool, false, keepDefault: true);
                    return;
                default:
                    Scalar(2, FieldType.Double, ScalarReader.Read(node, FieldType.Double, path), keepDefault: true);
                    return;
            }
        }

        /// <summary>A scalar with its tag; a proto3 default value is omitted unless the field has presence.</summary>
        private void Scalar(int number, FieldType type, object value, bool keepDefault)
        {
            if (!keepDefault && IsDefault(value))
            {
                return;
            }

            Output.Tag(number, WireType(type));
            RawScalar(type, value);
        }

        private void RawScalar(FieldType type, object value)
        {
            switch (type)
            {
                case FieldType.Double:
                    Output.WriteFixed64(BitConverter.DoubleToUInt64Bits((double)value));
                    break;
                case FieldType.Float:
                    Output.WriteFixed32(BitConverter.SingleToUInt32Bits((float)value));
                    break;
                case FieldType.Int32:
                case FieldType.Enum:
                    Output.WriteVarint((ulong)(long)(int)value);
                    break;
                case FieldType.Int64:
                    Output.WriteVarint((ulong)(long)value);
                    break;
                case FieldType.UInt32:
                    Output.WriteVarint((uint)value);
                    break;
                case FieldType.UInt64:
                    Output.WriteVarint((ulong)value);
                    break;
                case FieldType.SInt32:
                    var i32 = (int)value;
                    Output.WriteVarint((uint)((i32 << 1) ^ (i32 >> 31)));
                    break;
                case FieldType.SInt64:
                    var i64 = (long)value;
                    Output.WriteVarint((ulong)((i64 << 1) ^ (i64 >> 63)));
                    break;
                case FieldType.Fixed32:
                    Output.WriteFixed32((uint)value);
                    break;
                case FieldType.SFixed32:
                    Output.WriteFixed32((uint)(int)value);
                    break;
                case FieldType.Fixed64:
                    Output.WriteFixed64((ulong)value);
                    break;
                case FieldType.SFixed64:
                    Output.WriteFixed64((ulong)(long)value);
                    break;
                case FieldType.Bool:
                    Output.WriteVarint((bool)value ? 1UL : 0UL);
                    break;
                case FieldType.String:
                    Output.WriteString((string)value);
                    break;
                case FieldType.Bytes:
                    Output.WriteBytes(((ByteString)value).Span);
                    break;
                default:
                    throw new InvalidOperationException($"not a scalar type: {type}");
            }
        }

        private static bool IsDefault(object value) => value switch
        {
            bool b => !b,
            string s => s.Length == 0,
            ByteString bytes => bytes.IsEmpty,
            double d => d == 0,
            float f => f == 0,
            int i => i == 0,
            long l => l == 0,
            uint u => u == 0,
            ulong ul => ul == 0,
            _ => false,
        };

        private static int WireType(FieldType type) => type switch
        {
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => ProtoWriter.Fixed64,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => ProtoWriter.Fixed32,
            FieldType.String or FieldType.Bytes or FieldType.Message => ProtoWriter.LengthDelimited,
            _ => ProtoWriter.Varint,
        };

        private static bool IsPackable(FieldType type) =>
            type is not (FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Group);

        /// <summary>proto3: oneof members and <c>optional</c> fields are serialized even when they hold the default.</summary>
        private static bool HasPresence(FieldDescriptor field) => field.HasPresence;

        /// <summary>A singular Value field (and NullValue) is the one place where JSON null is a value.</summary>
        private static bool TakesNull(FieldDescriptor field) =>
            (field.FieldType == FieldType.Message && field.MessageType.FullName == WellKnownTypeNames.Value)
            || (field.FieldType == FieldType.Enum && field.EnumType.FullName == WellKnownTypeNames.NullValue);

        /// <summary>The object's properties; a duplicate key (which JsonObject refuses lazily) becomes a located error.</summary>
        private static List<KeyValuePair<string, JsonNode?>> Properties(JsonObject obj, string path)
        {
            try
            {
                return [.. obj];
            }
            catch (ArgumentException e)
            {
                throw new ProtoJsonException(path, $"duplicate key in object: {FirstSentence(e.Message)}");
            }
        }
    }
}
