using System.IO.Pipelines;

namespace Proxy.Listeners.Inspection;

/// <summary>
/// Reads the start of a connection without consuming it, until an inspector decides. Kestrel (or the
/// TCP proxy) later reads the same bytes from the same pipe. While undecided the reader marks everything
/// examined so the next read waits for more data; once decided it consumes nothing and examines nothing,
/// otherwise the codec's first read would wait for bytes that already arrived (DESIGN.md).
/// </summary>
internal static class Peeker
{
    public static async ValueTask<PeekOutcome> PeekAsync<TInspector>(PipeReader input, ConnectionInfo connection, CancellationToken cancellationToken)
        where TInspector : IConnectionInspector
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return PeekOutcome.TimedOut;
            }

            var buffer = result.Buffer;
            var verdict = TInspector.Inspect(buffer, connection);
            if (verdict == PeekVerdict.Done || result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return verdict == PeekVerdict.Done ? PeekOutcome.Decided : PeekOutcome.PeerClosed;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
