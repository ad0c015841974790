using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Json;

namespace Proxy.Xds;

/// <summary>
/// <c>google.protobuf.Any</c> without descriptors. Google.Protobuf's <c>Any.Pack</c>, <c>Any.Is</c> and
/// <c>Any.Unpack&lt;T&gt;</c> read the generated type's <c>Descriptor</c>, which builds the reflection of the
/// whole file and its imports (seconds at startup, tens of MB); these compare type names instead and parse with
/// the generated parser, which needs no descriptor. A udpa/xds TypedStruct is seen through: its type_url names the
/// configured type and its Struct is transcoded to that type as Envoy does (translateOpaqueConfig).
/// </summary>
public static class AnyTypes
{
    /// <summary>The type URL prefix Envoy and Google's libraries write.</summary>
    public const string Prefix = "type.googleapis.com/";
    public const string UdpaTypedStruct = "udpa.type.v1.TypedStruct";
    public const string XdsTypedStruct = "xds.type.v3.TypedStruct";

    /// <summary>The full message name in a type URL ("type.googleapis.com/a.b.C" → "a.b.C").</summary>
    public static string NameOf(string typeUrl)
    {
        var slash = typeUrl.LastIndexOf('/');
        return slash < 0 ? typeUrl : typeUrl[(slash + 1)..];
    }

    public static string TypeUrlOf(string typeName) => Prefix + typeName;

    /// <summary>Whether the Any holds exactly <paramref name="typeName"/> (no TypedStruct look-through), like <c>Any.Is</c>.</summary>
    public static bool Is(Any any, string typeName) => NameOf(any.TypeUrl) == typeName;

    public static bool IsTypedStruct(Any any) => IsTypedStructName(NameOf(any.TypeUrl));

    public static bool IsTypedStructName(string typeName) => typeName is UdpaTypedStruct or XdsTypedStruct;

    /// <summary>The configured type: the Any's own type, or the type_url inside a TypedStruct (read with the generated parser).</summary>
    public static string EffectiveTypeName(Any any)
    {
        var name = NameOf(any.TypeUrl);
        return IsTypedStructName(name) ? NameOf(TypedStructOf(any).TypeUrl) : name;
    }

    /// <summary>Packs <paramref name="message"/> as an Any of <paramref name="typeName"/> (its full proto name).</summary>
    public static Any Pack(IMessage message, string typeName) =>
        new() { TypeUrl = TypeUrlOf(typeName), Value = message.ToByteString() };

    /// <summary>
    /// The Any's message as <typeparamref name="T"/>: the Any must name <paramref name="expectedTypeName"/>, or be a
    /// TypedStruct whose type_url names it (its Struct is then transcoded from JSON to that type).
    /// </summary>
    /// <exception cref="ArgumentException">The Any holds another type.</exception>
    /// <exception cref="InvalidProtocolBufferException">The bytes do not decode as <typeparamref name="T"/>.</exception>
    /// <exception cref="ProtoJsonException">A TypedStruct whose Struct does not fit the type (path under <c>value</c>).</exception>
    public static T Unpack<T>(Any any, MessageParser<T> parser, string expectedTypeName)
        where T : IMessage<T>
    {
        var name = NameOf(any.TypeUrl);
        if (name == expectedTypeName)
        {
            return parser.ParseFrom(any.Value);
        }

        if (IsTypedStructName(name))
        {
            var typed = TypedStructOf(any);
            if (NameOf(typed.TypeUrl) == expectedTypeName)
            {
                return parser.ParseFrom(TypedStructToBinary(typed.Value, expectedTypeName));
            }

            throw new ArgumentException($"expected {expectedTypeName}, got {typed.TypeUrl} (in a TypedStruct)");
        }

        throw new ArgumentException($"expected {expectedTypeName}, got {any.TypeUrl}");
    }

    /// <summary>
    /// The binary form of <paramref name="typeName"/> from a TypedStruct's Struct, through proto3 JSON as Envoy
    /// converts it (unknown fields are errors).
    /// </summary>
    public static byte[] TypedStructToBinary(Struct? value, string typeName) =>
        new ProtoJsonReader().ToBinary(StructJson.ToJson(value ?? new Struct()), typeName, path: "value");

    /// <summary>A generated Struct as its proto3 JSON tree (read from the generated properties, no descriptor).</summary>
    public static System.Text.Json.Nodes.JsonObject StructToJson(Struct value) => StructJson.ToJson(value);

    /// <summary>The udpa or xds TypedStruct in the Any, parsed with the generated udpa parser (both have type_url = 1, value = 2).</summary>
    private static Udpa.Type.V1.TypedStruct TypedStructOf(Any any) => Udpa.Type.V1.TypedStruct.Parser.ParseFrom(any.Value);
}
