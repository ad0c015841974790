using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Http.Codec.Http2;

/// <summary>The response: its head, DATA within the send windows, trailers, and the end of the stream.</summary>
internal sealed partial class Http2Stream
{
    /// <summary>
    /// Sends what the application wrote: the response head first if not sent yet, then DATA frames within the
    /// windows; with <paramref name="endStream"/>, the trailers or END_STREAM. A Content-Length body ends the
    /// stream with its last octet, so the client has the whole response without waiting for the application
    /// to return. The result is completed (the peer is gone) once the stream was reset.
    /// </summary>
    public ValueTask<FlushResult> SendBodyAsync(bool endStream)
    {
        if (ResponseEnded)
        {
            _responseBody.Clear();
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: _reset));
        }

        var data = _responseBody.Buffered;
        if (!HasStarted)
        {
            var headersOnly = endStream && (data.IsEmpty || IsBodyless()) && _trailers.Count == 0;
            WriteResponseHeaders(headersOnly);
            if (headersOnly)
            {
                MarkEnded();
                _responseBody.Clear();
                return FlushAsync();
            }
        }

        if (_noBody)
        {
            data = default;
        }

        if (!endStream && _declaredLength >= 0 && _bodySent + data.Length >= _declaredLength && _trailers.Count == 0)
        {
            endStream = true;
        }

        var window = data.IsEmpty ? 0 : _connection.Windows.TryTake(this, Math.Min(data.Length, _connection.Writer.MaxFrameSize), out _);
        if (window == data.Length)
        {
            // The usual case: all of it fits in one frame and the windows.
            WriteLast(data.Span, endStream);
            _responseBody.Clear();
            return FlushAsync();
        }

        return SendSlowAsync(data, window, endStream);
    }

    private async ValueTask<FlushResult> SendSlowAsync(ReadOnlyMemory<byte> data, int granted, bool endStream)
    {
        var writer = _connection.Writer;
        while (true)
        {
            if (granted > 0)
            {
                var last = granted == data.Length;
                if (last)
                {
                    WriteLast(data.Span, endStream);
                    break;
                }

                writer.WriteData(Id, data.Span[..granted], endStream: false);
                _bodySent += granted;
                data = data[granted..];
            }

            granted = _connection.Windows.TryTake(this, Math.Min(data.Length, writer.MaxFrameSize), out var wait);
            if (granted == 0)
            {
                // Let the peer have what is written while this stream waits for a WINDOW_UPDATE.
                if (!await writer.FlushAsync().ConfigureAwait(false))
                {
                    break;
                }

                await wait!.ConfigureAwait(false);
                if (ResponseEnded)
                {
                    break;
                }

                granted = _connection.Windows.TryTake(this, Math.Min(data.Length, writer.MaxFrameSize), out _);
            }
        }

        _responseBody.Clear();
        return await FlushAsync().ConfigureAwait(false);
    }

    private void WriteLast(ReadOnlySpan<byte> data, bool endStream)
    {
        var trailers = endStream && _trailers.Count > 0;
        if (!data.IsEmpty || (endStream && !trailers))
        {
            _connection.Writer.WriteData(Id, data, endStream && !trailers);
            _bodySent += data.Length;
        }

        if (trailers)
        {
            WriteHeaderBlock(status: 0, _trailers, endStream: true);
        }

        if (endStream)
        {
            MarkEnded();
        }
    }

    private async ValueTask<FlushResult> FlushAsync()
    {
        var open = await _connection.Writer.FlushAsync().ConfigureAwait(false);
        return new FlushResult(isCanceled: false, isCompleted: !open || _reset);
    }

    private async ValueTask FinishAsync(bool failed)
    {
        if (failed && !HasStarted && !ResponseEnded)
        {
            // An unhandled error before the response started: Kestrel answers 500 with no body.
            _responseHeaders.Clear();
            _trailers.Clear();
            _responseBody.Clear();
            StatusCode = StatusCodes.Status500InternalServerError;
        }
        else if (failed)
        {
            Reset(Http2ErrorCode.InternalError);
        }

        try
        {
            try
            {
                await SendBodyAsync(endStream: true).ConfigureAwait(false);
            }
            catch (Exception)
            {
                Reset(Http2ErrorCode.InternalError);
            }

            if (!RequestEnded && !_reset)
            {
                // The response is complete before the request: the client may stop sending (RFC 9113 §8.1).
                Reset(Http2ErrorCode.NoError, responseComplete: true);
            }

            for (var i = _onCompleted.Count - 1; i >= 0; i--)
            {
                var (callback, state) = _onCompleted[i];
                try
                {
                    await callback(state).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // As Kestrel: logged there, and the other callbacks still run.
                }
            }
        }
        finally
        {
            _onStarting.Clear();
            _onCompleted.Clear();
            _requestHeaders.Clear();
            _responseHeaders.Clear();
            _trailers.Clear();
            _requestPipe.Reader.Complete();
        }
    }

    private void WriteResponseHeaders(bool endStream)
    {
        if (_onStarting.Count > 0)
        {
            // Run once, as Kestrel does: a failing callback fails the application, whose 500 must not run them again.
            var callbacks = _onStarting.ToArray();
            _onStarting.Clear();
            for (var i = callbacks.Length - 1; i >= 0; i--)
            {
                callbacks[i].Callback(callbacks[i].State).GetAwaiter().GetResult();
            }
        }

        Volatile.Write(ref _headersSent, true);
        _noBody = IsBodyless();
        _declaredLength = _responseHeaders.ContentLength ?? -1;
        if (_responseHeaders.Date.Count == 0)
        {
            _responseHeaders.Date = DateHeaderValue.Now(_connection.Time);
        }

        WriteHeaderBlock(StatusCode, _responseHeaders, endStream);
    }

    private bool IsBodyless() => HttpMethods.IsHead(Method) || StatusCode is < 200 or 204 or 304;

    /// <summary>HPACK-encodes :status (unless 0, for trailers) and the fields, and writes them as HEADERS (+ CONTINUATION).</summary>
    private void WriteHeaderBlock(int status, IHeaderDictionary headers, bool endStream)
    {
        var size = HpackEncoder.MaxStatusLength;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                size += HpackEncoder.MaxEncodedLength(name.Length, value?.Length ?? 0);
            }
        }

        var block = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var length = status == 0 ? 0 : HpackEncoder.EncodeStatus(status, block);
            Span<char> lower = stackalloc char[128];
            foreach (var (name, values) in headers)
            {
                if (Http2HeaderNames.IsConnectionSpecificName(name))
                {
                    continue; // RFC 9113 §8.2.2: never sent in HTTP/2.
                }

                var lowered = name.Length <= lower.Length ? lower[..name.Length] : new char[name.Length];
                name.AsSpan().ToLowerInvariant(lowered);
                foreach (var value in values)
                {
                    length += HpackEncoder.EncodeHeader(lowered, value ?? "", block.AsSpan(length));
                }
            }

            _connection.Writer.WriteHeaders(Id, block.AsSpan(0, length), endStream);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
