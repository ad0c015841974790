using System.Buffers;
using System.Buffers.Binary;
using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Http.Codec.Http2;

/// <summary>The read loop's handling of each frame type (RFC 9113 §6), with the errors §5.4 and §6 name.</summary>
internal sealed partial class Http2ServerConnection
{
    private readonly Microsoft.AspNetCore.Http.HeaderDictionary _discardedTrailers = [];
    private byte[] _headerBlock = new byte[4096];
    private int _headerBlockLength;
    private int _headerStreamId;
    private bool _headerEndStream;

    private bool ExpectingContinuation => _headerStreamId != 0;

    private void ProcessFrame(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (ExpectingContinuation && (header.Type != Http2FrameType.Continuation || header.StreamId != _headerStreamId))
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "expected CONTINUATION");
        }

        switch (header.Type)
        {
            case Http2FrameType.Data:
                OnData(header, payload);
                break;
            case Http2FrameType.Headers:
                OnHeaders(header, payload);
                break;
            case Http2FrameType.Priority:
                RequireStream(header);
                if (header.Length != 5)
                {
                    throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "PRIORITY of wrong length", header.StreamId);
                }

                break;
            case Http2FrameType.RstStream:
                OnRstStream(header, payload);
                break;
            case Http2FrameType.Settings:
                OnSettings(header, payload);
                break;
            case Http2FrameType.PushPromise:
                throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "PUSH_PROMISE from a client");
            case Http2FrameType.Ping:
                OnPing(header, payload);
                break;
            case Http2FrameType.GoAway:
                if (header.StreamId != 0)
                {
                    throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "GOAWAY on a stream");
                }

                // The client will open no more streams: finish the open ones, then close.
                _goingAway = true;
                EndIfNoStreams();
                break;
            case Http2FrameType.WindowUpdate:
                OnWindowUpdate(header, payload);
                break;
            case Http2FrameType.Continuation:
                OnContinuation(header, payload);
                break;
            default:
                // Unknown frame types are ignored (§4.1, §5.5).
                break;
        }
    }

    private static void RequireStream(Http2FrameHeader header)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, header.Type + " on stream 0");
        }
    }

    private void OnData(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        RequireStream(header);
        if (header.StreamId > _lastStreamId)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "DATA on an idle stream");
        }

        // Flow control counts the whole payload, padding included (§6.1).
        if (header.Length > _connectionReceiveWindow)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FlowControlError, "DATA beyond the connection window");
        }

        _connectionReceiveWindow -= header.Length;
        CreditConnection(header.Length);
        var data = Unpad(header, payload);
        var stream = Find(header.StreamId);
        if (stream is null)
        {
            // A stream this side already closed or reset: its DATA may still be in flight (§5.1, §6.4).
            return;
        }

        if (stream.RequestEnded)
        {
            throw new Http2ProtocolException(Http2ErrorCode.StreamClosed, "DATA after END_STREAM", header.StreamId);
        }

        if (header.Length > Volatile.Read(ref stream.ReceiveWindow))
        {
            throw new Http2ProtocolException(Http2ErrorCode.FlowControlError, "DATA beyond the stream window", header.StreamId);
        }

        Interlocked.Add(ref stream.ReceiveWindow, -header.Length);
        stream.RequestBytesReceived += data.Length;
        var end = header.Has(Http2FrameFlags.EndStream);
        if (stream.RequestContentLength >= 0
            && (stream.RequestBytesReceived > stream.RequestContentLength || (end && stream.RequestBytesReceived != stream.RequestContentLength)))
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "body length differs from content-length", header.StreamId);
        }

        stream.OnData(data, end);
        var padding = header.Length - (int)data.Length;
        if (padding > 0 && !end)
        {
            // Padding is never read by the application: give its window back now (RFC 9113 §6.1).
            Interlocked.Add(ref stream.ReceiveWindow, padding);
            Writer.WriteWindowUpdate(header.StreamId, padding);
        }
    }

    /// <summary>Reopens the connection window as DATA arrives, once half of it is used.</summary>
    private void CreditConnection(int length)
    {
        _connectionUnacknowledged += length;
        if (_connectionUnacknowledged >= _connectionWindow / 2)
        {
            Writer.WriteWindowUpdate(0, _connectionUnacknowledged);
            _connectionReceiveWindow += _connectionUnacknowledged;
            _connectionUnacknowledged = 0;
        }
    }

    private void OnHeaders(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        RequireStream(header);
        if ((header.StreamId & 1) == 0)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "even stream id from a client");
        }

        var fragment = Unpad(header, payload);
        if (header.Has(Http2FrameFlags.Priority))
        {
            if (fragment.Length < 5)
            {
                throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "HEADERS too short for its priority");
            }

            fragment = fragment.Slice(5);
        }

        _headerBlockLength = 0;
        Append(fragment);
        _headerEndStream = header.Has(Http2FrameFlags.EndStream);
        if (header.Has(Http2FrameFlags.EndHeaders))
        {
            OnHeaderBlock(header.StreamId);
        }
        else
        {
            _headerStreamId = header.StreamId;
        }
    }

    private void OnContinuation(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (!ExpectingContinuation)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "CONTINUATION without HEADERS");
        }

        Append(payload);
        if (header.Has(Http2FrameFlags.EndHeaders))
        {
            var streamId = _headerStreamId;
            _headerStreamId = 0;
            OnHeaderBlock(streamId);
        }
    }

    private void Append(in ReadOnlySequence<byte> fragment)
    {
        var needed = _headerBlockLength + (int)fragment.Length;
        if (needed > _headerBlock.Length)
        {
            // A block may be longer than the limit only by what HPACK's encoding adds; beyond twice the limit it is abuse.
            if (needed > (2 * _settings.MaxRequestHeadersTotalSize) + 16384)
            {
                throw new Http2ProtocolException(Http2ErrorCode.EnhanceYourCalm, "header block too large");
            }

            Array.Resize(ref _headerBlock, Math.Max(needed, _headerBlock.Length * 2));
        }

        fragment.CopyTo(_headerBlock.AsSpan(_headerBlockLength));
        _headerBlockLength = needed;
    }

    /// <summary>A whole header block arrived: trailers of an open stream, or a new request (§8.1).</summary>
    private void OnHeaderBlock(int streamId)
    {
        var block = _headerBlock.AsSpan(0, _headerBlockLength);
        var endStream = _headerEndStream;
        if (streamId <= _lastStreamId)
        {
            var open = Find(streamId);
            _discardedTrailers.Clear();
            Decode(block, _discardedTrailers, trailers: true, out _);
            if (open is null || open.RequestEnded)
            {
                // Decoded for HPACK's sake either way. Trailers still in flight on a stream reset here are dropped;
                // HEADERS on any other closed (or never opened) stream is a connection error (§5.1, §5.1.1).
                if (open is null)
                {
                    if (WasRecentlyReset(streamId))
                    {
                        return;
                    }

                    throw new Http2ProtocolException(Http2ErrorCode.StreamClosed, "HEADERS on a closed stream");
                }

                throw new Http2ProtocolException(Http2ErrorCode.StreamClosed, "HEADERS after END_STREAM", streamId);
            }

            if (!endStream || _sink.Malformed is not null)
            {
                throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "malformed trailers", streamId);
            }

            if (open.RequestContentLength >= 0 && open.RequestBytesReceived != open.RequestContentLength)
            {
                throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "body length differs from content-length", streamId);
            }

            open.OnTrailers();
            return;
        }

        Volatile.Write(ref _lastStreamId, streamId);
        var stream = Rent();
        stream.RequestHeaders.Clear();
        Decode(block, stream.RequestHeaders, trailers: false, out var tooLarge);
        if (_goingAway)
        {
            Return(stream);
            ResetStream(streamId, Http2ErrorCode.RefusedStream);
            return;
        }

        if (_sink.Malformed is not null || _sink.Method is null || (_sink.Method != "CONNECT" && (_sink.Scheme is null || string.IsNullOrEmpty(_sink.Path))) || _sink.Protocol is not null)
        {
            // Envoy's default for invalid HTTP/2 messages: the whole connection ends (override_stream_error_on_invalid_http_message).
            Return(stream);
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, _sink.Malformed ?? "missing or unsupported pseudo-header");
        }

        if (tooLarge || _sink.TooManyHeaders)
        {
            Return(stream);
            RejectHeadersTooLarge(streamId, endStream);
            return;
        }

        int active;
        lock (_streams)
        {
            active = _streams.Count;
        }

        if (active >= _settings.Http2MaxConcurrentStreams)
        {
            Return(stream);
            ResetStream(streamId, Http2ErrorCode.RefusedStream);
            return;
        }

        if (endStream && stream.RequestHeaders.ContentLength is > 0)
        {
            // §8.1.1: a request ending with its headers has no content.
            Return(stream);
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "content-length without a body", streamId);
        }

        stream.Begin(streamId, _sink, endStream, _streamWindow, Windows.InitialStreamWindow);
        lock (_streams)
        {
            _streams[streamId] = stream;
        }

        // The request runs here, on the read loop's thread, until it first waits (for the upstream, mostly).
        _ = stream.RunAsync(_handler, _downstream);
    }

    private void Decode(ReadOnlySpan<byte> block, Microsoft.AspNetCore.Http.IHeaderDictionary headers, bool trailers, out bool tooLarge)
    {
        _sink.Reset(headers, trailers);
        tooLarge = false;
        try
        {
            _decoder.Decode(block, _sink);
        }
        catch (HpackException e) when (e.IsHeaderListTooLarge)
        {
            tooLarge = true;
        }
        catch (HpackException e)
        {
            throw new Http2ProtocolException(Http2ErrorCode.CompressionError, e.Message);
        }
    }

    /// <summary>max_request_headers_kb or max_headers_count exceeded: 431 with no body, as Envoy and Kestrel answer.</summary>
    private void RejectHeadersTooLarge(int streamId, bool endStream)
    {
        Span<byte> block = stackalloc byte[HpackEncoder.MaxStatusLength];
        var length = HpackEncoder.EncodeStatus(431, block);
        Writer.WriteHeaders(streamId, block[..length], endStream: true);
        if (!endStream)
        {
            ResetStream(streamId, Http2ErrorCode.NoError);
        }
    }

    private void OnRstStream(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        RequireStream(header);
        if (header.Length != 4)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "RST_STREAM of wrong length");
        }

        if (header.StreamId > _lastStreamId)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "RST_STREAM on an idle stream");
        }

        Find(header.StreamId)?.OnPeerReset("The client reset the stream (" + (Http2ErrorCode)ReadUInt32(payload) + ").");
    }

    private void OnSettings(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "SETTINGS on a stream");
        }

        if (header.Has(Http2FrameFlags.Ack))
        {
            if (header.Length != 0)
            {
                throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "SETTINGS ACK with a payload");
            }

            return;
        }

        if (header.Length % 6 != 0)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "SETTINGS length not a multiple of 6");
        }

        Span<byte> octets = stackalloc byte[6];
        for (var at = 0L; at < payload.Length; at += 6)
        {
            payload.Slice(at, 6).CopyTo(octets);
            var value = BinaryPrimitives.ReadUInt32BigEndian(octets[2..]);
            switch ((Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(octets))
            {
                case Http2Setting.EnablePush when value > 1:
                    throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_PUSH not 0 or 1");
                case Http2Setting.InitialWindowSize:
                    if (value > Http2SendWindows.MaxWindow || !Windows.SetInitialStreamWindow((int)value, OpenStreams()))
                    {
                        throw new Http2ProtocolException(Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE too large");
                    }

                    break;
                case Http2Setting.MaxFrameSize:
                    if (value is < Http2FrameWriter.DefaultMaxFrameSize or > 16777215)
                    {
                        throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "SETTINGS_MAX_FRAME_SIZE out of range");
                    }

                    Writer.MaxFrameSize = (int)value;
                    break;
                default:
                    // HEADER_TABLE_SIZE: the encoder uses no dynamic table. MAX_CONCURRENT_STREAMS: a server opens none.
                    // MAX_HEADER_LIST_SIZE is advisory. Unknown settings are ignored (§6.5.2).
                    break;
            }
        }

        Writer.WriteSettingsAck();
    }

    private void OnPing(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "PING on a stream");
        }

        if (header.Length != 8)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "PING of wrong length");
        }

        Span<byte> opaque = stackalloc byte[8];
        payload.CopyTo(opaque);
        if (header.Has(Http2FrameFlags.Ack))
        {
            OnPingAck();
            return;
        }

        Writer.WritePing(BinaryPrimitives.ReadUInt64BigEndian(opaque), ack: true);
    }

    private void OnWindowUpdate(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (header.Length != 4)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "WINDOW_UPDATE of wrong length");
        }

        var increment = (int)(ReadUInt32(payload) & 0x7fffffffu);
        if (header.StreamId == 0)
        {
            if (increment == 0)
            {
                throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE of 0");
            }

            if (!Windows.AddConnection(increment))
            {
                throw new Http2ProtocolException(Http2ErrorCode.FlowControlError, "connection window over 2^31-1");
            }

            return;
        }

        if (header.StreamId > _lastStreamId)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE on an idle stream");
        }

        if (increment == 0)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE of 0", header.StreamId);
        }

        if (Find(header.StreamId) is { } stream && !Windows.AddStream(stream, increment))
        {
            throw new Http2ProtocolException(Http2ErrorCode.FlowControlError, "stream window over 2^31-1", header.StreamId);
        }
    }

    /// <summary>The payload without its pad length octet and padding (§6.1, §6.2).</summary>
    private static ReadOnlySequence<byte> Unpad(Http2FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (!header.Has(Http2FrameFlags.Padded))
        {
            return payload;
        }

        if (payload.IsEmpty)
        {
            throw new Http2ProtocolException(Http2ErrorCode.FrameSizeError, "padded frame without a pad length");
        }

        var padding = payload.FirstSpan[0];
        if (padding >= payload.Length)
        {
            throw new Http2ProtocolException(Http2ErrorCode.ProtocolError, "padding longer than the frame");
        }

        return payload.Slice(1, payload.Length - 1 - padding);
    }

    private static uint ReadUInt32(in ReadOnlySequence<byte> payload)
    {
        Span<byte> octets = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(octets);
        return BinaryPrimitives.ReadUInt32BigEndian(octets);
    }

    private Http2Stream? Find(int streamId)
    {
        lock (_streams)
        {
            return _streams.GetValueOrDefault(streamId);
        }
    }

    private Http2Stream[] OpenStreams()
    {
        lock (_streams)
        {
            return [.. _streams.Values];
        }
    }

    private Http2Stream Rent()
    {
        lock (_streams)
        {
            return _idleStreams.TryPop(out var stream) ? stream : new Http2Stream(this);
        }
    }

    private void Return(Http2Stream stream)
    {
        stream.RequestHeaders.Clear();
        lock (_streams)
        {
            _idleStreams.Push(stream);
        }
    }
}
