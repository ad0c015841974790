using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Proxy.Xds.Json;

/// <summary>
/// Prints a serialized message as proto3 JSON the way Envoy's admin does (/config_dump, /clusters?format=json,
/// /server_info, /listeners?format=json): proto field names (snake_case), fields in number order, proto3 default
/// values omitted (fields with presence printed when set), 64-bit integers as strings, enums by name (an unknown
/// number as the number), bytes as base64, Any resolved by its type URL with <c>"@type"</c>, and the well-known
/// types in their JSON form (https://protobuf.dev/programming-guides/proto3/#json). Driven by the dynamic
/// descriptors of <see cref="EnvoyTypeRegistry"/>; the text is character for character what Google.Protobuf's
/// JsonFormatter (with PreserveProtoFieldNames) prints for the same message, so admin output does not change.
/// Unknown fields are skipped. An optional <see cref="FieldMaskTree"/> keeps only the masked fields; as in
/// Envoy's config_dump, a mask reaches into the message held by an Any and is applied to every element of a
/// repeated message field.
/// </summary>
public static class ProtoJsonWriter
{
    private static readonly HashSet<string> WellKnownFiles =
    [
        "google/protobuf/any.proto", "google/protobuf/api.proto", "google/protobuf/duration.proto",
        "google/protobuf/empty.proto", "google/protobuf/field_mask.proto", "google/protobuf/source_context.proto",
        "google/protobuf/struct.proto", "google/protobuf/timestamp.proto", "google/protobuf/type.proto",
        "google/protobuf/wrappers.proto",
    ];

    /// <summary>The JSON of <paramref name="message"/> (serialized bytes of <paramref name="typeName"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="typeName"/> is not a message of the registry.</exception>
    /// <exception cref="InvalidOperationException">An Any names a type that is not in the registry, or a Duration/Timestamp out of range.</exception>
    /// <exception cref="InvalidDataException">Malformed bytes.</exception>
    public static string Format(ReadOnlyMemory<byte> message, string typeName, FieldMaskTree? mask = null)
    {
        var table = EnvoyTypeRegistry.Table;
        var descriptor = table.Find(typeName) ?? throw new ArgumentException($"unknown message type '{typeName}'", nameof(typeName));
        var writer = new Writer(table);
        writer.Value(descriptor, message, mask);
        return writer.Text.ToString();
    }

    /// <summary>The JSON of a generated message, given its full proto name (serialized first: no descriptor is touched).</summary>
    public static string Format(IMessage message, string typeName, FieldMaskTree? mask = null) =>
        Format(message.ToByteArray(), typeName, mask);

    /// <summary>The JSON of an Any holding <paramref name="value"/> of <paramref name="typeUrl"/>, with the mask applied inside it.</summary>
    public static string FormatAny(string typeUrl, ReadOnlyMemory<byte> value, FieldMaskTree? mask = null)
    {
        var writer = new Writer(EnvoyTypeRegistry.Table);
        writer.Any(typeUrl, value, mask);
        return writer.Text.ToString();
    }

    private sealed class Writer(TypeTable table)
    {
        public StringBuilder Text { get; } = new();

        /// <summary>A message value: a well-known type in its JSON form, else an object.</summary>
        public void Value(MessageDescriptor descriptor, ReadOnlyMemory<byte> bytes, FieldMaskTree? mask)
        {
            if (!WellKnownFiles.Contains(descriptor.File.Name))
            {
                Text.Append("{ ");
                var written = Fields(descriptor, bytes, mask, first: true);
                Text.Append(written ? " }" : "}");
                return;
            }

            switch (descriptor.FullName)
            {
                case WellKnownTypeNames.Any:
                    var fields = WireReader.Read(bytes);
                    Any(LastString(fields, 1), LastBytes(fields, 2), mask);
                    return;
                case WellKnownTypeNames.Duration:
                    Duration(bytes);
                    return;
                case WellKnownTypeNames.Timestamp:
                    Timestamp(bytes);
                    return;
                case WellKnownTypeNames.FieldMask:
                    FieldMask(bytes);
                    return;
                case WellKnownTypeNames.Struct:
                    Struct(bytes);
                    return;
                case WellKnownTypeNames.ListValue:
                    List(bytes);
                    return;
                case WellKnownTypeNames.Value:
                    StructValue(bytes);
                    return;
            }

            if (WellKnownTypeNames.IsWrapper(descriptor.FullName))
            {
                // A wrapper is its plain value (default when field 1 is absent).
                var valueField = descriptor.FindFieldByNumber(1);
                var occurrences = WireReader.Read(bytes).FindAll(f => f.Number == 1);
                if (occurrences.Count == 0)
                {
                    DefaultScalar(valueField);
                }
                else
                {
                    Scalar(valueField, occurrences[^1]);
                }

                return;
            }

            Text.Append("{ ");
            var any = Fields(descriptor, bytes, mask, first: true);
            Text.Append(any ? " }" : "}");
        }

        public void Any(string typeUrl, ReadOnlyMemory<byte> value, FieldMaskTree? mask)
        {
            var typeName = AnyTypes.NameOf(typeUrl);
            var descriptor = table.Find(typeName)
                ?? throw new InvalidOperationException($"Type registry has no descriptor for type name '{typeName}'");
            Text.Append("{ ");
            String("@type");
            Text.Append(": ");
            String(typeUrl);
            if (WellKnownFiles.Contains(descriptor.File.Name))
            {
                Text.Append(", ");
                String("value");
                Text.Append(": ");
                Value(descriptor, value, mask);
            }
            else
            {
                Fields(descriptor, value, mask, first: false);
            }

            Text.Append(" }");
        }

        /// <summary>Writes the set fields of one message in number order; returns whether any was written.</summary>
        private bool Fields(MessageDescriptor descriptor, ReadOnlyMemory<byte> bytes, FieldMaskTree? mask, bool first)
        {
            var occurrences = WireReader.Read(bytes);
            var byNumber = new Dictionary<int, List<WireField>>();
            var lastPosition = new Dictionary<int, int>();
            for (var i = 0; i < occurrences.Count; i++)
            {
                var field = occurrences[i];
                if (!byNumber.TryGetValue(field.Number, out var list))
                {
                    byNumber[field.Number] = list = [];
                }

                list.Add(field);
                lastPosition[field.Number] = i;
            }

            var written = !first;
            foreach (var field in table.Shape(descriptor).FieldsByNumber)
            {
                if (!byNumber.TryGetValue(field.FieldNumber, out var values))
                {
                    continue;
                }

                var fieldMask = mask?.For(field.Name);
                if (mask is not null && fieldMask is null)
                {
                    continue;
                }

                // Two members of one oneof on the wire: the parser keeps the last one.
                if (field.RealContainingOneof is { } oneof && !IsLastOfOneof(field, oneof, lastPosition))
                {
                    continue;
                }

                var start = Text.Length;
                if (written)
                {
                    Text.Append(", ");
                }

                String(field.Name);
                Text.Append(": ");
                if (!FieldValue(field, values, fieldMask))
                {
                    Text.Length = start;
                    continue;
                }

                written = true;
            }

            return written;
        }

        private static bool IsLastOfOneof(FieldDescriptor field, OneofDescriptor oneof, Dictionary<int, int> lastPosition)
        {
            var mine = lastPosition[field.FieldNumber];
            foreach (var other in oneof.Fields)
            {
                if (other.FieldNumber != field.FieldNumber && lastPosition.TryGetValue(other.FieldNumber, out var position) && position > mine)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Writes the value of a field present on the wire; false (nothing worth writing) for a default value without presence or an empty list.</summary>
        private bool FieldValue(FieldDescriptor field, List<WireField> values, FieldMaskTree? mask)
        {
            if (field.IsMap)
            {
                Map(field, values);
                return true;
            }

            if (field.IsRepeated)
            {
                return Repeated(field, values, mask);
            }

            if (field.FieldType == FieldType.Message)
            {
                Value(field.MessageType, Merged(values), ChildMask(mask));
                return true;
            }

            if (field.FieldType == FieldType.Group)
            {
                return false;
            }

            var last = values[^1];
            if (!field.HasPresence && IsDefault(field, last))
            {
                return false;
            }

            Scalar(field, last);
            return true;
        }

        /// <summary>A leaf mask keeps the whole sub-message, so nothing is passed down.</summary>
        private static FieldMaskTree? ChildMask(FieldMaskTree? mask) => mask is { IsLeaf: false } ? mask : null;

        private bool Repeated(FieldDescriptor field, List<WireField> values, FieldMaskTree? mask)
        {
            if (field.FieldType == FieldType.Message)
            {
                Text.Append("[ ");
                for (var i = 0; i < values.Count; i++)
                {
                    if (i > 0)
                    {
                        Text.Append(", ");
                    }

                    Value(field.MessageType, values[i].Bytes, ChildMask(mask));
                }

                Text.Append(" ]");
                return true;
            }

            var elements = Elements(field, values);
            if (elements.Count == 0)
            {
                return false;
            }

            Text.Append("[ ");
            for (var i = 0; i < elements.Count; i++)
            {
                if (i > 0)
                {
                    Text.Append(", ");
                }

                Scalar(field, elements[i]);
            }

            Text.Append(" ]");
            return true;
        }

        /// <summary>Repeated scalars, packed or not (a parser accepts both for any packable field).</summary>
        private static List<WireField> Elements(FieldDescriptor field, List<WireField> values)
        {
            var isLengthType = field.FieldType is FieldType.String or FieldType.Bytes;
            var elements = new List<WireField>(values.Count);
            List<ulong>? packed = null;
            foreach (var value in values)
            {
                if (value.WireType == ProtoWriter.LengthDelimited && !isLengthType)
                {
                    packed ??= [];
                    packed.Clear();
                    WireReader.ReadPacked(value.Bytes.Span, ElementWireType(field.FieldType), packed);
                    foreach (var bits in packed)
                    {
                        elements.Add(new WireField(value.Number, ElementWireType(field.FieldType), bits, default));
                    }
                }
                else
                {
                    elements.Add(value);
                }
            }

            return elements;
        }

        private static int ElementWireType(FieldType type) => type switch
        {
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => ProtoWriter.Fixed64,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => ProtoWriter.Fixed32,
            _ => ProtoWriter.Varint,
        };

        /// <summary>A map as an object, entries in wire order; a repeated key keeps its first position and last value (as MapField does).</summary>
        private void Map(FieldDescriptor field, List<WireField> values)
        {
            var keyField = field.MessageType.FindFieldByNumber(1);
            var valueField = field.MessageType.FindFieldByNumber(2);
            var order = new List<string>();
            var entries = new Dictionary<string, List<WireField>?>(StringComparer.Ordinal);
            foreach (var entry in values)
            {
                WireField? key = null;
                List<WireField>? value = null;
                foreach (var part in WireReader.Read(entry.Bytes))
                {
                    if (part.Number == 1)
                    {
                        key = part;
                    }
                    else if (part.Number == 2)
                    {
                        (value ??= []).Add(part);
                    }
                }

                var keyText = key is { } k ? MapKey(keyField, k) : DefaultMapKey(keyField);
                if (!entries.ContainsKey(keyText))
                {
                    order.Add(keyText);
                }

                entries[keyText] = value;
            }

            Text.Append("{ ");
            for (var i = 0; i < order.Count; i++)
            {
                if (i > 0)
                {
                    Text.Append(", ");
                }

                String(order[i]);
                Text.Append(": ");
                var value = entries[order[i]];
                if (valueField.FieldType == FieldType.Message)
                {
                    Value(valueField.MessageType, value is null ? ReadOnlyMemory<byte>.Empty : Merged(value), null);
                }
                else if (value is null)
                {
                    DefaultScalar(valueField);
                }
                else
                {
                    Scalar(valueField, value[^1]);
                }
            }

            Text.Append(order.Count > 0 ? " }" : "}");
        }

        private static string MapKey(FieldDescriptor keyField, WireField key) => keyField.FieldType switch
        {
            FieldType.String => Utf8(key.Bytes),
            FieldType.Bool => key.Bits != 0 ? "true" : "false",
            FieldType.Int64 or FieldType.SFixed64 => ((long)key.Bits).ToString(CultureInfo.InvariantCulture),
            FieldType.SInt64 => ZigZag64(key.Bits).ToString(CultureInfo.InvariantCulture),
            FieldType.UInt64 or FieldType.Fixed64 => key.Bits.ToString(CultureInfo.InvariantCulture),
            FieldType.UInt32 or FieldType.Fixed32 => ((uint)key.Bits).ToString(CultureInfo.InvariantCulture),
            FieldType.SInt32 => ZigZag32(key.Bits).ToString(CultureInfo.InvariantCulture),
            _ => ((int)key.Bits).ToString(CultureInfo.InvariantCulture),
        };

        private static string DefaultMapKey(FieldDescriptor keyField) => keyField.FieldType switch
        {
            FieldType.String => string.Empty,
            FieldType.Bool => "false",
            _ => "0",
        };

        /// <summary>Several occurrences of a singular message field merge; concatenating their bytes is that merge.</summary>
        private static ReadOnlyMemory<byte> Merged(List<WireField> values)
        {
            if (values.Count == 1)
            {
                return values[0].Bytes;
            }

            var total = 0;
            foreach (var value in values)
            {
                total += value.Bytes.Length;
            }

            var merged = new byte[total];
            var offset = 0;
            foreach (var value in values)
            {
                value.Bytes.Span.CopyTo(merged.AsSpan(offset));
                offset += value.Bytes.Length;
            }

            return merged;
        }

        private static bool IsDefault(FieldDescriptor field, WireField value) => field.FieldType switch
        {
            FieldType.String or FieldType.Bytes => value.Bytes.IsEmpty,
            FieldType.Double => BitConverter.UInt64BitsToDouble(value.Bits) == 0.0,
            FieldType.Float => BitConverter.UInt32BitsToSingle((uint)value.Bits) == 0f,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.Enum or FieldType.UInt32 or FieldType.Fixed32 or FieldType.Bool =>
                (uint)value.Bits == 0,
            _ => value.Bits == 0,
        };

        private void Scalar(FieldDescriptor field, WireField value)
        {
            var bits = value.Bits;
            switch (field.FieldType)
            {
                case FieldType.String:
                    String(Utf8(value.Bytes));
                    return;
                case FieldType.Bytes:
                    Text.Append('"').Append(Convert.ToBase64String(value.Bytes.Span)).Append('"');
                    return;
                case FieldType.Bool:
                    Text.Append(bits != 0 ? "true" : "false");
                    return;
                case FieldType.Int32:
                case FieldType.SFixed32:
                    Text.Append(((int)bits).ToString("d", CultureInfo.InvariantCulture));
                    return;
                case FieldType.SInt32:
                    Text.Append(ZigZag32(bits).ToString("d", CultureInfo.InvariantCulture));
                    return;
                case FieldType.UInt32:
                case FieldType.Fixed32:
                    Text.Append(((uint)bits).ToString("d", CultureInfo.InvariantCulture));
                    return;
                case FieldType.Int64:
                case FieldType.SFixed64:
                    Text.Append('"').Append(((long)bits).ToString("d", CultureInfo.InvariantCulture)).Append('"');
                    return;
                case FieldType.SInt64:
                    Text.Append('"').Append(ZigZag64(bits).ToString("d", CultureInfo.InvariantCulture)).Append('"');
                    return;
                case FieldType.UInt64:
                case FieldType.Fixed64:
                    Text.Append('"').Append(bits.ToString("d", CultureInfo.InvariantCulture)).Append('"');
                    return;
                case FieldType.Float:
                    Floating(BitConverter.UInt32BitsToSingle((uint)bits).ToString("r", CultureInfo.InvariantCulture));
                    return;
                case FieldType.Double:
                    Floating(BitConverter.UInt64BitsToDouble(bits).ToString("r", CultureInfo.InvariantCulture));
                    return;
                case FieldType.Enum:
                    Enum(field.EnumType, (int)bits);
                    return;
                default:
                    throw new InvalidOperationException($"not a scalar field: {field.FullName}");
            }
        }

        private void DefaultScalar(FieldDescriptor field)
        {
            switch (field.FieldType)
            {
                case FieldType.String:
                case FieldType.Bytes:
                    Text.Append("\"\"");
                    return;
                case FieldType.Bool:
                    Text.Append("false");
                    return;
                case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64:
                    Text.Append("\"0\"");
                    return;
                case FieldType.Enum:
                    Enum(field.EnumType, 0);
                    return;
                default:
                    Text.Append('0');
                    return;
            }
        }

        private void Enum(EnumDescriptor type, int number)
        {
            if (type.FullName == WellKnownTypeNames.NullValue)
            {
                Text.Append("null");
            }
            else if (type.FindValueByNumber(number) is { } value)
            {
                String(value.Name);
            }
            else
            {
                Text.Append(number.ToString("d", CultureInfo.InvariantCulture));
            }
        }

        private void Floating(string text)
        {
            if (text is "NaN" or "Infinity" or "-Infinity")
            {
                Text.Append('"').Append(text).Append('"');
            }
            else
            {
                Text.Append(text);
            }
        }

        private void Duration(ReadOnlyMemory<byte> bytes)
        {
            var (seconds, nanos) = SecondsAndNanos(bytes);
            // google.protobuf.Duration: ±315,576,000,000 s, nanos with the sign of seconds.
            if (seconds is < -315_576_000_000 or > 315_576_000_000 || nanos is < -999_999_999 or > 999_999_999
                || (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0))
            {
                throw new InvalidOperationException("Non-normalized duration value");
            }

            Text.Append('"');
            if (seconds < 0 || nanos < 0)
            {
                Text.Append('-');
                seconds = -seconds;
                nanos = -nanos;
            }

            Text.Append(seconds.ToString("d", CultureInfo.InvariantCulture));
            Nanos(nanos);
            Text.Append("s\"");
        }

        private void Timestamp(ReadOnlyMemory<byte> bytes)
        {
            var (seconds, nanos) = SecondsAndNanos(bytes);
            // 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z (google/protobuf/timestamp.proto).
            if (seconds is < -62_135_596_800 or > 253_402_300_799 || nanos is < 0 or > 999_999_999)
            {
                throw new InvalidOperationException("Invalid Timestamp value");
            }

            var time = DateTime.UnixEpoch.AddSeconds(seconds);
            Text.Append('"').Append(time.ToString("yyyy'-'MM'-'dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            Nanos(nanos);
            Text.Append("Z\"");
        }

        /// <summary>Fractional seconds in 0, 3, 6 or 9 digits, as the proto3 JSON mapping prints them.</summary>
        private void Nanos(int nanos)
        {
            if (nanos == 0)
            {
                return;
            }

            Text.Append('.');
            if (nanos % 1_000_000 == 0)
            {
                Text.Append((nanos / 1_000_000).ToString("d3", CultureInfo.InvariantCulture));
            }
            else if (nanos % 1000 == 0)
            {
                Text.Append((nanos / 1000).ToString("d6", CultureInfo.InvariantCulture));
            }
            else
            {
                Text.Append(nanos.ToString("d9", CultureInfo.InvariantCulture));
            }
        }

        private static (long Seconds, int Nanos) SecondsAndNanos(ReadOnlyMemory<byte> bytes)
        {
            long seconds = 0;
            var nanos = 0;
            foreach (var field in WireReader.Read(bytes))
            {
                if (field.Number == 1)
                {
                    seconds = (long)field.Bits;
                }
                else if (field.Number == 2)
                {
                    nanos = (int)field.Bits;
                }
            }

            return (seconds, nanos);
        }

        // FieldMask { repeated string paths = 1; } → "fooBar,baz" (lowerCamelCase paths).
        private void FieldMask(ReadOnlyMemory<byte> bytes)
        {
            var paths = new List<string>();
            foreach (var field in WireReader.Read(bytes))
            {
                if (field.Number == 1)
                {
                    paths.Add(CamelCase(Utf8(field.Bytes)));
                }
            }

            String(string.Join(",", paths));
        }

        private static string CamelCase(string path)
        {
            var result = new StringBuilder(path.Length);
            var upper = false;
            foreach (var c in path)
            {
                if (c == '_')
                {
                    upper = true;
                }
                else
                {
                    result.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
            }

            return result.ToString();
        }

        // Struct { map<string, Value> fields = 1; }
        private void Struct(ReadOnlyMemory<byte> bytes)
        {
            var order = new List<string>();
            var values = new Dictionary<string, List<WireField>>(StringComparer.Ordinal);
            foreach (var entry in WireReader.Read(bytes))
            {
                if (entry.Number != 1)
                {
                    continue;
                }

                var key = string.Empty;
                var value = new List<WireField>();
                foreach (var part in WireReader.Read(entry.Bytes))
                {
                    if (part.Number == 1)
                    {
                        key = Utf8(part.Bytes);
                    }
                    else if (part.Number == 2)
                    {
                        value.Add(part);
                    }
                }

                if (!values.ContainsKey(key))
                {
                    order.Add(key);
                }

                values[key] = value;
            }

            Text.Append("{ ");
            for (var i = 0; i < order.Count; i++)
            {
                if (i > 0)
                {
                    Text.Append(", ");
                }

                String(order[i]);
                Text.Append(": ");
                StructValue(Merged(values[order[i]]));
            }

            Text.Append(order.Count > 0 ? " }" : "}");
        }

        // ListValue { repeated Value values = 1; }
        private void List(ReadOnlyMemory<byte> bytes)
        {
            Text.Append("[ ");
            var count = 0;
            foreach (var field in WireReader.Read(bytes))
            {
                if (field.Number != 1)
                {
                    continue;
                }

                if (count++ > 0)
                {
                    Text.Append(", ");
                }

                StructValue(field.Bytes);
            }

            Text.Append(count > 0 ? " ]" : "]");
        }

        // Value { oneof kind { NullValue null_value = 1; double number_value = 2; string string_value = 3;
        //                      bool bool_value = 4; Struct struct_value = 5; ListValue list_value = 6; } }
        private void StructValue(ReadOnlyMemory<byte> bytes)
        {
            WireField? kind = null;
            List<WireField>? nested = null;
            foreach (var field in WireReader.Read(bytes))
            {
                if (field.Number is < 1 or > 6)
                {
                    continue;
                }

                if (kind is not { } previous || previous.Number != field.Number)
                {
                    nested = null;
                }

                kind = field;
                if (field.Number is 5 or 6)
                {
                    (nested ??= []).Add(field);
                }
            }

            switch (kind?.Number)
            {
                case 2:
                    Floating(BitConverter.UInt64BitsToDouble(kind.Value.Bits).ToString("r", CultureInfo.InvariantCulture));
                    return;
                case 3:
                    String(Utf8(kind.Value.Bytes));
                    return;
                case 4:
                    Text.Append(kind.Value.Bits != 0 ? "true" : "false");
                    return;
                case 5:
                    Struct(Merged(nested!));
                    return;
                case 6:
                    List(Merged(nested!));
                    return;
                default:
                    Text.Append("null");
                    return;
            }
        }

        private static string LastString(List<WireField> fields, int number)
        {
            var found = fields.FindLast(f => f.Number == number);
            return found.Number == number ? Utf8(found.Bytes) : string.Empty;
        }

        private static ReadOnlyMemory<byte> LastBytes(List<WireField> fields, int number)
        {
            var found = fields.FindLast(f => f.Number == number);
            return found.Number == number ? found.Bytes : ReadOnlyMemory<byte>.Empty;
        }

        private static string Utf8(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

        private static int ZigZag32(ulong bits) => (int)((uint)bits >> 1) ^ -(int)((uint)bits & 1);

        private static long ZigZag64(ulong bits) => (long)(bits >> 1) ^ -(long)(bits & 1);

        /// <summary>A JSON string, escaped as Google.Protobuf's JsonFormatter escapes it (HTML-sensitive and invisible characters as \u).</summary>
        private void String(string text)
        {
            Text.Append('"');
            foreach (var c in text)
            {
                switch (c)
                {
                    case '"':
                        Text.Append("\\\"");
                        break;
                    case '\\':
                        Text.Append("\\\\");
                        break;
                    case '\b':
                        Text.Append("\\b");
                        break;
                    case '\t':
                        Text.Append("\\t");
                        break;
                    case '\n':
                        Text.Append("\\n");
                        break;
                    case '\f':
                        Text.Append("\\f");
                        break;
                    case '\r':
                        Text.Append("\\r");
                        break;
                    default:
                        if (NeedsHexEscape(c))
                        {
                            Text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            Text.Append(c);
                        }

                        break;
                }
            }

            Text.Append('"');
        }

        private static bool NeedsHexEscape(char c) =>
            c < 0x20 || c is '<' or '>' || (c >= 0x7f && c < 0xa0) || char.IsSurrogate(c)
            || c is '\u00ad' or '\u06dd' or '\u070f' or '\u17b4' or '\u17b5' or '\ufeff' or '\ufff9' or '\ufffa' or '\ufffb'
            || c is (>= '\u0600' and <= '\u0603') or (>= '\u200b' and <= '\u200f') or (>= '\u2028' and <= '\u202e')
                or (>= '\u2060' and <= '\u2064') or (>= '\u206a' and <= '\u206f');
    }
}
