using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Proxy.Http.Codec;

/// <summary>Binds Kestrel's hand-off endpoints to <see cref="HandoffListener"/>s and keeps them by codec.</summary>
internal sealed class HandoffListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly HandoffListener?[] _listeners = new HandoffListener?[2];

    public bool CanBind(EndPoint endpoint) => endpoint is HandoffEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not HandoffEndPoint handoff)
        {
            throw new NotSupportedException("only hand-off endpoints are bound here: " + endpoint);
        }

        var listener = new HandoffListener(handoff);
        _listeners[(int)handoff.Codec] = listener;
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    public HandoffListener? Get(HttpCodec codec) => _listeners[(int)codec];
}
