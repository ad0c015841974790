using System.Collections;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Json;

namespace Proxy.Bootstrap;

/// <summary>
/// Finds every typed_config in a parsed configuration: each <c>google.protobuf.Any</c> (unpacked and walked in
/// turn, since a filter's config holds further extensions) and, for <c>udpa.type.v1.TypedStruct</c> and
/// <c>xds.type.v3.TypedStruct</c>, the type they name, whose Struct is parsed as that type (so its errors carry
/// paths too) when the type is in the registry. <c>Metadata.typed_filter_metadata</c> holds data, not
/// extensions, and is skipped. Config-time only.
/// </summary>
public static class TypedConfigWalker
{
    private const string TypedFilterMetadata = "envoy.config.core.v3.Metadata.typed_filter_metadata";
    private const int MaxDepth = 100;

    /// <exception cref="ProtoJsonException">A TypedStruct whose value does not fit its type, or undecodable Any bytes.</exception>
    public static IReadOnlyList<TypedConfigUse> FindAll(IMessage root, TypeRegistry registry, ProtoJsonReader reader, ICollection<string>? warnings = null)
    {
        var uses = new List<TypedConfigUse>();
        new Walk(registry, reader, uses, warnings).Message(root, string.Empty, 0);
        return uses;
    }

    private sealed class Walk(TypeRegistry registry, ProtoJsonReader reader, List<TypedConfigUse> uses, ICollection<string>? warnings)
    {
        public void Message(IMessage message, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ProtoJsonException(path, $"nesting deeper than {MaxDepth} levels");
            }

            if (message is Any any)
            {
                Visit(any, path, depth);
                return;
            }

            // Other well-known types (Struct, Duration, ...) hold no extensions.
            if (message.Descriptor.File.Package == "google.protobuf")
            {
                return;
            }

            foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
            {
                if (field.FieldType != FieldType.Message || field.FullName == TypedFilterMetadata)
                {
                    continue;
                }

                var value = field.Accessor.GetValue(message);
                var fieldPath = JsonPath.Property(path, field.Name);
                if (field.IsMap)
                {
                    foreach (DictionaryEntry entry in (IDictionary)value)
                    {
                        if (entry.Value is IMessage item)
                        {
                            Message(item, JsonPath.Property(fieldPath, entry.Key.ToString() ?? string.Empty), depth + 1);
                        }
                    }
                }
                else if (field.IsRepeated)
                {
                    var index = 0;
                    foreach (var element in (IList)value)
                    {
                        if (element is IMessage item)
                        {
                            Message(item, JsonPath.Index(fieldPath, index), depth + 1);
                        }

                        index++;
                    }
                }
                else if (value is IMessage single)
                {
                    Message(single, fieldPath, depth + 1);
                }
            }
        }

        private void Visit(Any any, string path, int depth)
        {
            if (any.TypeUrl.Length == 0)
            {
                return;
            }

            var descriptor = registry.Find(ExtensionCatalog.TypeNameOf(any.TypeUrl));
            if (descriptor is null)
            {
                uses.Add(new TypedConfigUse(path, any.TypeUrl, false));
                return;
            }

            IMessage inner;
            try
            {
                inner = descriptor.Parser.ParseFrom(any.Value);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new ProtoJsonException(path, $"undecodable {descriptor.FullName}: {e.Message}");
            }

            var (typedUrl, typedValue) = inner switch
            {
                Udpa.Type.V1.TypedStruct udpa => (udpa.TypeUrl, udpa.Value),
                global::Xds.Type.V3.TypedStruct xds => (xds.TypeUrl, xds.Value),
                _ => ((string?)null, (Struct?)null),
            };

            if (typedUrl is null)
            {
                uses.Add(new TypedConfigUse(path, any.TypeUrl, false));
                Message(inner, path, depth + 1);
                return;
            }

            uses.Add(new TypedConfigUse(path, typedUrl, true));
            if (registry.Find(ExtensionCatalog.TypeNameOf(typedUrl)) is { } typed)
            {
                // Envoy converts a TypedStruct to its type through JSON; do the same so errors carry paths.
                var json = JsonNode.Parse(JsonFormatter.Default.Format(typedValue ?? new Struct()));
                var valuePath = JsonPath.Property(path, "value");
                Message(reader.Parse(json, typed, warnings, valuePath), valuePath, depth + 1);
            }
        }
    }
}
