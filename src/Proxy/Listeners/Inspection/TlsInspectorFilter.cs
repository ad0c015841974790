using System.Buffers;
using Proxy.Tls.ClientHello;

namespace Proxy.Listeners.Inspection;

/// <summary>
/// envoy.filters.listener.tls_inspector: a ClientHello makes the transport "tls" and exposes SNI and ALPN
/// for filter-chain match; anything else leaves the connection "raw_buffer".
/// </summary>
internal sealed class TlsInspectorFilter : IConnectionInspector
{
    public static PeekVerdict Inspect(in ReadOnlySequence<byte> data, ConnectionInfo connection)
    {
        switch (ClientHelloParser.TryParse(data, out var hello))
        {
            case ClientHelloParseResult.NeedMoreData:
                return PeekVerdict.NeedMoreData;
            case ClientHelloParseResult.Parsed:
                connection.TransportProtocol = "tls";
                connection.ServerName = hello!.ServerName;
                connection.ApplicationProtocols = [.. hello.ApplicationProtocols];
                return PeekVerdict.Done;
            default:
                return PeekVerdict.Done;
        }
    }
}
