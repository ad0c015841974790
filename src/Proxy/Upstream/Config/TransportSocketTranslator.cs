using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.InternalUpstream.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Proxy.Upstream.Config;

/// <summary>
/// Translates an upstream <c>transport_socket</c>. As Envoy, the factory is found by the type URL of
/// <c>typed_config</c>, or by <c>name</c> when there is no typed_config; unknown sockets are refused by name.
/// </summary>
internal static class TransportSocketTranslator
{
    private const string TlsType = "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
    private const string RawBufferType = "envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer";
    private const string InternalUpstreamType = "envoy.extensions.transport_sockets.internal_upstream.v3.InternalUpstreamTransport";

    /// <summary>Errors carry paths relative to the transport socket message.</summary>
    public static TransportSocketConfig Translate(TransportSocket? socket)
    {
        if (socket is null)
        {
            return TransportSocketConfig.RawBuffer;
        }

        if (socket.ConfigTypeCase != TransportSocket.ConfigTypeOneofCase.TypedConfig)
        {
            return socket.Name switch
            {
                "envoy.transport_sockets.raw_buffer" or "raw_buffer" => TransportSocketConfig.RawBuffer with { Name = socket.Name },
                "envoy.transport_sockets.tls" or "tls" => new TransportSocketConfig
                {
                    Name = socket.Name,
                    Kind = TransportSocketKind.Tls,
                    Tls = new UpstreamTlsContext(),
                },
                _ => throw new FieldException("name", $"unsupported upstream transport socket '{socket.Name}'"),
            };
        }

        var any = socket.TypedConfig;
        switch (ProtoValues.TypeName(any.TypeUrl))
        {
            case RawBufferType:
                return TransportSocketConfig.RawBuffer with { Name = socket.Name };
            case TlsType:
                return new TransportSocketConfig
                {
                    Name = socket.Name,
                    Kind = TransportSocketKind.Tls,
                    Tls = ProtoValues.Unpack(any, UpstreamTlsContext.Parser, TlsType, "typed_config"),
                };
            case InternalUpstreamType:
                var config = ProtoValues.Unpack(any, InternalUpstreamTransport.Parser, InternalUpstreamType, "typed_config");
                TransportSocketConfig inner;
                try
                {
                    inner = Translate(config.TransportSocket);
                }
                catch (FieldException e)
                {
                    throw e.Under("typed_config.transport_socket");
                }

                var names = new string[config.PassthroughMetadata.Count];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = config.PassthroughMetadata[i].Name;
                }

                return new TransportSocketConfig
                {
                    Name = socket.Name,
                    Kind = TransportSocketKind.InternalUpstream,
                    Inner = inner,
                    PassthroughMetadata = names,
                };
            default:
                throw new FieldException("typed_config",
                    $"unsupported upstream transport socket '{socket.Name}' ({any.TypeUrl})");
        }
    }
}
