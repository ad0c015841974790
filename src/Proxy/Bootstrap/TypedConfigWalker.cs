using Google.Protobuf;
using Google.Protobuf.Reflection;
using Proxy.Xds;
using Proxy.Xds.Json;

namespace Proxy.Bootstrap;

/// <summary>
/// Finds every typed_config in a serialized configuration: each <c>google.protobuf.Any</c> (its value walked in
/// turn, since a filter's config holds further extensions) and, for <c>udpa.type.v1.TypedStruct</c> and
/// <c>xds.type.v3.TypedStruct</c>, the type they name, whose Struct is transcoded to that type (so its errors carry
/// paths too) when the type is in the registry. <c>Metadata.typed_filter_metadata</c> holds data, not
/// extensions, and is skipped. Walks the wire format with the dynamic descriptors of
/// <see cref="EnvoyTypeRegistry"/>, so it works the same for JSON, YAML and binary bootstraps and touches no
/// generated descriptor. Config-time only.
/// </summary>
public static class TypedConfigWalker
{
    private const string TypedFilterMetadata = "envoy.config.core.v3.Metadata.typed_filter_metadata";
    private const int MaxDepth = 100;
    private const int LengthDelimited = 2;

    /// <summary>Every typed_config in <paramref name="root"/>, a message of type <paramref name="typeName"/> (full proto name).</summary>
    /// <exception cref="ProtoJsonException">A TypedStruct whose value does not fit its type, or undecodable Any bytes.</exception>
    public static IReadOnlyList<TypedConfigUse> FindAll(IMessage root, string typeName, ProtoJsonReader reader, ICollection<string>? warnings = null)
    {
        var descriptor = EnvoyTypeRegistry.Find(typeName) ?? throw new ArgumentException($"unknown message type '{typeName}'", nameof(typeName));
        var uses = new List<TypedConfigUse>();
        new Walk(reader, uses, warnings).Message(descriptor, root.ToByteArray(), string.Empty, 0);
        return uses;
    }

    private sealed class Walk(ProtoJsonReader reader, List<TypedConfigUse> uses, ICollection<string>? warnings)
    {
        public void Message(MessageDescriptor descriptor, ReadOnlyMemory<byte> bytes, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ProtoJsonException(path, $"nesting deeper than {MaxDepth} levels");
            }

            if (descriptor.FullName == "google.protobuf.Any")
            {
                Visit(bytes, path, depth);
                return;
            }

            // Other well-known types (Struct, Duration, ...) hold no extensions.
            if (descriptor.File.Package == "google.protobuf")
            {
                return;
            }

            var occurrences = Read(bytes, path, descriptor.FullName);
            foreach (var field in descriptor.Fields.InDeclarationOrder())
            {
                if (field.FieldType != FieldType.Message || field.FullName == TypedFilterMetadata)
                {
                    continue;
                }

                var fieldPath = JsonPath.Property(path, field.Name);
                var index = 0;
                foreach (var occurrence in occurrences)
                {
                    if (occurrence.Number != field.FieldNumber || occurrence.WireType != LengthDelimited)
                    {
                        continue;
                    }

                    if (field.IsMap)
                    {
                        MapEntry(field, occurrence.Bytes, fieldPath, depth);
                    }
                    else if (field.IsRepeated)
                    {
                        Message(field.MessageType, occurrence.Bytes, JsonPath.Index(fieldPath, index++), depth + 1);
                    }
                    else
                    {
                        // A singular message written twice is merged by parsers; walking each part finds the same Anys.
                        Message(field.MessageType, occurrence.Bytes, fieldPath, depth + 1);
                    }
                }
            }
        }

        private void MapEntry(FieldDescriptor field, ReadOnlyMemory<byte> entry, string path, int depth)
        {
            var valueField = field.MessageType.FindFieldByNumber(2);
            if (valueField.FieldType != FieldType.Message)
            {
                return;
            }

            var key = string.Empty;
            var value = ReadOnlyMemory<byte>.Empty;
            foreach (var part in Read(entry, path, field.FullName))
            {
                if (part.Number == 1)
                {
                    key = part.WireType == LengthDelimited
                        ? System.Text.Encoding.UTF8.GetString(part.Bytes.Span)
                        : part.Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (part.Number == 2)
                {
                    value = part.Bytes;
                }
            }

            Message(valueField.MessageType, value, JsonPath.Property(path, key), depth + 1);
        }

        private void Visit(ReadOnlyMemory<byte> bytes, string path, int depth)
        {
            // Any { string type_url = 1; bytes value = 2; }
            var typeUrl = string.Empty;
            var value = ReadOnlyMemory<byte>.Empty;
            foreach (var field in Read(bytes, path, "google.protobuf.Any"))
            {
                if (field.Number == 1)
                {
                    typeUrl = System.Text.Encoding.UTF8.GetString(field.Bytes.Span);
                }
                else if (field.Number == 2)
                {
                    value = field.Bytes;
                }
            }

            if (typeUrl.Length == 0)
            {
                return;
            }

            var name = AnyTypes.NameOf(typeUrl);
            var descriptor = EnvoyTypeRegistry.Find(name);
            if (descriptor is null)
            {
                uses.Add(new TypedConfigUse(path, typeUrl, false));
                return;
            }

            if (!AnyTypes.IsTypedStructName(name))
            {
                uses.Add(new TypedConfigUse(path, typeUrl, false));
                Message(descriptor, value, path, depth + 1);
                return;
            }

            Udpa.Type.V1.TypedStruct typedStruct;
            try
            {
                // udpa and xds TypedStruct share their wire format (type_url = 1, value = 2).
                typedStruct = Udpa.Type.V1.TypedStruct.Parser.ParseFrom(value.ToArray());
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new ProtoJsonException(path, $"undecodable {name}: {e.Message}");
            }

            uses.Add(new TypedConfigUse(path, typedStruct.TypeUrl, true));
            if (EnvoyTypeRegistry.Find(AnyTypes.NameOf(typedStruct.TypeUrl)) is { } typed)
            {
                // Envoy converts a TypedStruct to its type through JSON; do the same so errors carry paths.
                var valuePath = JsonPath.Property(path, "value");
                var json = StructJsonOf(typedStruct);
                var inner = reader.ToBinary(json, typed.FullName, warnings, path: valuePath);
                Message(typed, inner, valuePath, depth + 1);
            }
        }

        private static System.Text.Json.Nodes.JsonNode StructJsonOf(Udpa.Type.V1.TypedStruct typedStruct) =>
            AnyTypes.StructToJson(typedStruct.Value ?? new Google.Protobuf.WellKnownTypes.Struct());

        private static List<WireField> Read(ReadOnlyMemory<byte> bytes, string path, string typeName)
        {
            try
            {
                return WireReader.Read(bytes);
            }
            catch (InvalidDataException e)
            {
                throw new ProtoJsonException(path, $"undecodable {typeName}: {e.Message}");
            }
        }
    }
}
