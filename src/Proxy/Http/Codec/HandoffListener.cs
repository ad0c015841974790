using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Proxy.Http.Codec;

/// <summary>Kestrel's view of a hand-off endpoint: connections arrive through a channel, not from a socket.</summary>
internal sealed class HandoffListener(HandoffEndPoint endPoint) : IConnectionListener
{
    private readonly Channel<ConnectionContext> _pending = Channel.CreateUnbounded<ConnectionContext>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = true });

    public EndPoint EndPoint { get; } = endPoint;

    public bool TryEnqueue(ConnectionContext connection) => _pending.Writer.TryWrite(connection);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _pending.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
