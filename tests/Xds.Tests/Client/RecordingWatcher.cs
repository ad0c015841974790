using System.Threading.Channels;
using Proxy.Xds.Client;

namespace Proxy.Xds.Tests.Client;

/// <summary>A watcher that records updates and can reject or react to them.</summary>
internal sealed class RecordingWatcher : IXdsWatcher
{
    private readonly Channel<XdsUpdate> _updates = Channel.CreateUnbounded<XdsUpdate>();

    public Func<XdsUpdate, string?>? Reject { get; set; }

    public Action<XdsUpdate>? OnAccepted { get; set; }

    public void OnUpdate(XdsUpdate update)
    {
        if (Reject?.Invoke(update) is { } message)
        {
            throw new XdsRejectedException(message);
        }

        OnAccepted?.Invoke(update);
        _updates.Writer.TryWrite(update);
    }

    public async Task<XdsUpdate> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _updates.Reader.ReadAsync(timeout.Token);
    }

    public bool TryNext(out XdsUpdate? update) => _updates.Reader.TryRead(out update);
}
