using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Xds;

namespace Proxy.Config;

/// <summary>Reads a filter's <c>typed_config</c>: a wrong type, bad bytes or a TypedStruct that does not fit become a ConfigException naming <c>typed_config</c>.</summary>
internal static class TypedConfigs
{
    public static T Unpack<T>(Any any, MessageParser<T> parser, string typeName)
        where T : IMessage<T>
    {
        try
        {
            return AnyTypes.Unpack(any, parser, typeName);
        }
        catch (Exception e) when (e is ArgumentException or InvalidProtocolBufferException or Proxy.Xds.Json.ProtoJsonException)
        {
            throw new ConfigException($"typed_config: {e.Message}", e);
        }
    }
}
