using Microsoft.AspNetCore.Connections;

namespace Proxy.Listeners;

/// <summary>
/// The terminal network filter of a filter chain at run time (HTTP connection manager or TCP proxy).
/// It takes the connection over: the HCM hands it to the Kestrel codec and returns, the TCP proxy returns
/// when the session ended. The listener layer disposes the connection only if the handler throws.
/// </summary>
internal interface IConnectionHandler
{
    ValueTask HandleAsync(ConnectionContext connection, DownstreamConnection downstream);
}
