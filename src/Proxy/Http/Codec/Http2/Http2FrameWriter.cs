using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Proxy.Http.Codec.Http2;

/// <summary>
/// Writes the frames of one connection into its output pipe. The read loop and every stream's response write
/// here from whichever thread they run on, so each frame is written whole under one lock, and flushes are
/// serialized: a pipe allows one pending flush, so a flush asked for while another waits (the socket is
/// full) is folded into a second flush when the first completes. No frame goes through a queue or another
/// thread: a response is on the socket when its writer's flush returns.
/// </summary>
internal sealed class Http2FrameWriter(PipeWriter output)
{
    /// <summary>SETTINGS_MAX_FRAME_SIZE's initial value (RFC 9113 §6.5.2).</summary>
    public const int DefaultMaxFrameSize = 16384;

    /// <summary>The most characters of a connection error's reason sent as GOAWAY debug data.</summary>
    private const int MaxGoAwayReason = 256;

    private readonly object _lock = new();
    private int _maxFrameSize = DefaultMaxFrameSize;
    private bool _closed;
    private bool _peerGone;
    private bool _flushing;
    private bool _flushAgain;
    private TaskCompletionSource<bool>? _flushDone;

    /// <summary>The peer's SETTINGS_MAX_FRAME_SIZE: no frame payload this writer sends is larger.</summary>
    public int MaxFrameSize
    {
        get => Volatile.Read(ref _maxFrameSize);
        set => Volatile.Write(ref _maxFrameSize, value);
    }

    /// <summary>True once the connection is closing: writes are dropped and flushes report the peer gone.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    public void WriteSettings(ReadOnlySpan<(Http2Setting Id, uint Value)> settings)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var span = output.GetSpan(Http2FrameHeader.Size + (6 * settings.Length));
            Http2FrameHeader.Write(span, 6 * settings.Length, Http2FrameType.Settings, Http2FrameFlags.None, 0);
            var at = Http2FrameHeader.Size;
            foreach (var (id, value) in settings)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)id);
                BinaryPrimitives.WriteUInt32BigEndian(span[(at + 2)..], value);
                at += 6;
            }

            output.Advance(at);
        }
    }

    public void WriteSettingsAck() => WriteEmpty(Http2FrameType.Settings, Http2FrameFlags.Ack, 0);

    public void WritePing(ulong opaque, bool ack)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var span = output.GetSpan(Http2FrameHeader.Size + 8);
            Http2FrameHeader.Write(span, 8, Http2FrameType.Ping, ack ? Http2FrameFlags.Ack : Http2FrameFlags.None, 0);
            BinaryPrimitives.WriteUInt64BigEndian(span[Http2FrameHeader.Size..], opaque);
            output.Advance(Http2FrameHeader.Size + 8);
        }
    }

    public void WriteWindowUpdate(int streamId, int increment) =>
        WriteFourOctets(Http2FrameType.WindowUpdate, streamId, (uint)increment);

    public void WriteRstStream(int streamId, Http2ErrorCode code) =>
        WriteFourOctets(Http2FrameType.RstStream, streamId, (uint)code);

    /// <summary>
    /// GOAWAY on stream 0. <paramref name="reason"/>, for a connection error, goes in as the frame's debug data
    /// (RFC 9113 §6.8), so the client can tell what it sent wrong; its ASCII octets, cut to 256.
    /// </summary>
    public void WriteGoAway(int lastStreamId, Http2ErrorCode code, string? reason = null)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var debug = Math.Min(reason?.Length ?? 0, MaxGoAwayReason);
            var span = output.GetSpan(Http2FrameHeader.Size + 8 + debug);
            Http2FrameHeader.Write(span, 8 + debug, Http2FrameType.GoAway, Http2FrameFlags.None, 0);
            BinaryPrimitives.WriteUInt32BigEndian(span[Http2FrameHeader.Size..], (uint)lastStreamId);
            BinaryPrimitives.WriteUInt32BigEndian(span[(Http2FrameHeader.Size + 4)..], (uint)code);
            if (debug > 0)
            {
                System.Text.Encoding.ASCII.GetBytes(reason.AsSpan(0, debug), span[(Http2FrameHeader.Size + 8)..]);
            }

            output.Advance(Http2FrameHeader.Size + 8 + debug);
        }
    }

    /// <summary>A header block as one HEADERS frame, or HEADERS and CONTINUATION frames when it is longer than a frame (§6.10).</summary>
    public void WriteHeaders(int streamId, ReadOnlySpan<byte> block, bool endStream)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var max = _maxFrameSize;
            var type = Http2FrameType.Headers;
            var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
            do
            {
                var length = Math.Min(block.Length, max);
                var last = length == block.Length;
                WriteFrameLocked(type, last ? flags | Http2FrameFlags.EndHeaders : flags, streamId, block[..length]);
                block = block[length..];
                type = Http2FrameType.Continuation;
                flags = Http2FrameFlags.None;
            }
            while (!block.IsEmpty);
        }
    }

    /// <summary>One DATA frame; the caller keeps <paramref name="data"/> within the frame size and the flow-control windows.</summary>
    public void WriteData(int streamId, ReadOnlySpan<byte> data, bool endStream)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                WriteFrameLocked(Http2FrameType.Data, endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId, data);
            }
        }
    }

    /// <summary>Puts what was written on the wire. False when the connection is closed or the peer is gone.</summary>
    public ValueTask<bool> FlushAsync()
    {
        ValueTask<FlushResult> flush;
        lock (_lock)
        {
            if (_closed || _peerGone)
            {
                return ValueTask.FromResult(false);
            }

            if (_flushing)
            {
                // The pending flush flushes again when it completes, with these bytes.
                _flushAgain = true;
                _flushDone ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                return new ValueTask<bool>(_flushDone.Task);
            }

            if (output.CanGetUnflushedBytes && output.UnflushedBytes == 0)
            {
                return ValueTask.FromResult(true);
            }

            flush = output.FlushAsync();
            if (flush.IsCompletedSuccessfully)
            {
                // Once the reader is gone, the pipe drops writes: remember it, or the next empty flush says "open".
                _peerGone = flush.Result.IsCompleted;
                return ValueTask.FromResult(!_peerGone);
            }

            _flushing = true;
        }

        return AwaitFlushAsync(flush);
    }

    /// <summary>Stops all writing: frames asked for from now on are dropped (the connection is going away).</summary>
    public void Close()
    {
        TaskCompletionSource<bool>? waiting;
        lock (_lock)
        {
            _closed = true;
            waiting = _flushDone;
            _flushDone = null;
        }

        waiting?.TrySetResult(false);
    }

    private async ValueTask<bool> AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        while (true)
        {
            bool open;
            try
            {
                open = !(await flush.ConfigureAwait(false)).IsCompleted;
            }
            catch (Exception)
            {
                open = false;
            }

            TaskCompletionSource<bool>? done;
            lock (_lock)
            {
                if (open && _flushAgain && !_closed)
                {
                    _flushAgain = false;
                    flush = output.FlushAsync();
                    continue;
                }

                _flushing = false;
                _flushAgain = false;
                _peerGone |= !open;
                done = _flushDone;
                _flushDone = null;
            }

            done?.TrySetResult(open);
            return open;
        }
    }

    private void WriteEmpty(Http2FrameType type, Http2FrameFlags flags, int streamId)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                WriteFrameLocked(type, flags, streamId, []);
            }
        }
    }

    private void WriteFourOctets(Http2FrameType type, int streamId, uint value)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var span = output.GetSpan(Http2FrameHeader.Size + 4);
            Http2FrameHeader.Write(span, 4, type, Http2FrameFlags.None, streamId);
            BinaryPrimitives.WriteUInt32BigEndian(span[Http2FrameHeader.Size..], value);
            output.Advance(Http2FrameHeader.Size + 4);
        }
    }

    private void WriteFrameLocked(Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(Http2FrameHeader.Size);
        Http2FrameHeader.Write(span, payload.Length, type, flags, streamId);
        output.Advance(Http2FrameHeader.Size);
        if (!payload.IsEmpty)
        {
            output.Write(payload);
        }
    }
}
