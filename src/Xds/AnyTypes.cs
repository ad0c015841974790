using Google.Protobuf.WellKnownTypes;

namespace Proxy.Xds;

/// <summary>Type names of typed_config values, seeing through udpa/xds TypedStruct wrappers.</summary>
public static class AnyTypes
{
    private const string Prefix = "type.googleapis.com/";
    private const string UdpaTypedStruct = "udpa.type.v1.TypedStruct";
    private const string XdsTypedStruct = "xds.type.v3.TypedStruct";

    /// <summary>The full message name in a type URL ("type.googleapis.com/a.b.C" → "a.b.C").</summary>
    public static string NameOf(string typeUrl)
    {
        var slash = typeUrl.LastIndexOf('/');
        return slash < 0 ? typeUrl : typeUrl[(slash + 1)..];
    }

    /// <summary>The configured type: the Any's own type, or the type_url inside a TypedStruct.</summary>
    public static string EffectiveTypeName(Any any)
    {
        var name = NameOf(any.TypeUrl);
        if (name == UdpaTypedStruct)
        {
            return NameOf(any.Unpack<Udpa.Type.V1.TypedStruct>().TypeUrl);
        }

        if (name == XdsTypedStruct)
        {
            return NameOf(any.Unpack<global::Xds.Type.V3.TypedStruct>().TypeUrl);
        }

        return name;
    }

    public static bool IsTypedStruct(Any any)
    {
        var name = NameOf(any.TypeUrl);
        return name is UdpaTypedStruct or XdsTypedStruct;
    }

    public static string TypeUrlOf(string typeName) => Prefix + typeName;
}
