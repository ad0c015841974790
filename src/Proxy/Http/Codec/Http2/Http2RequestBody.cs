using System.Buffers;
using System.IO.Pipelines;

namespace Proxy.Http.Codec.Http2;

/// <summary>
/// The request body as the application reads it: the stream's pipe, which the read loop fills from DATA frames,
/// seen through a reader that counts what the application consumes, so the stream's receive window reopens
/// (WINDOW_UPDATE) only as fast as the body is taken away (RFC 9113 §5.2).
/// </summary>
internal sealed class Http2RequestBody(Http2Stream stream, PipeReader inner) : PipeReader
{
    private ReadOnlySequence<byte> _last;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var result = read.Result;
            _last = result.Buffer;
            return ValueTask.FromResult(result);
        }

        return AwaitAsync(read);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (inner.TryRead(out result))
        {
            _last = result.Buffer;
            return true;
        }

        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var bytes = _last.Slice(_last.Start, consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
        if (bytes > 0)
        {
            stream.OnRequestBodyConsumed((int)bytes);
        }
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        _last = result.Buffer;
        return result;
    }
}
