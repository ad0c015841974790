using Microsoft.AspNetCore.Connections;
using Proxy.Admin;
using Proxy.Http.Codec;
using Proxy.Listeners;

namespace Proxy.Server;

/// <summary>The admin listener's only "filter chain": every connection goes to the admin API over HTTP/1.1.</summary>
internal sealed class AdminConnectionHandler(AdminHandler admin, CodecServer codec) : IConnectionHandler
{
    public async ValueTask HandleAsync(ConnectionContext connection, DownstreamConnection downstream)
    {
        downstream.RequestHandler = admin;
        if (!codec.Dispatch(connection, HttpCodec.Http1))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
