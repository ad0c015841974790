using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Http.Codec.Http2;

/// <summary>
/// One request and its response on an <see cref="Http2ServerConnection"/>, as the ASP.NET Core features an
/// HttpContext reads, so the connection manager, the HTTP filters and the router see the same HttpContext
/// whichever codec parsed the request. The read loop starts it and feeds it DATA; the application runs on the
/// thread that started it (the socket's) until it awaits, and its response frames are written from whichever
/// thread it continues on. A connection keeps finished streams for its next requests.
/// </summary>
internal sealed partial class Http2Stream :
    IHttpRequestFeature,
    IHttpResponseFeature,
    IHttpResponseBodyFeature,
    IRequestBodyPipeFeature,
    IHttpRequestBodyDetectionFeature,
    IHttpRequestLifetimeFeature,
    IHttpRequestIdentifierFeature,
    IHttpResponseTrailersFeature,
    IHttpResetFeature
{
    private static readonly PipeOptions RequestPipeOptions = new(
        pauseWriterThreshold: 0, // the receive window bounds what is buffered
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly Http2ServerConnection _connection;
    private readonly Pipe _requestPipe = new(RequestPipeOptions);
    private readonly Http2RequestBody _requestBody;
    private readonly Http2ResponseBody _responseBody;
    private readonly RequestContext _context = new();
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private readonly object _lock = new();
    private CancellationTokenSource _aborted = new();
    private IHeaderDictionary _requestHeaders = new HeaderDictionary();
    private IHeaderDictionary _responseHeaders = new HeaderDictionary();
    private IHeaderDictionary _trailers = new HeaderDictionary();
    private string? _traceIdentifier;
    private long _declaredLength;
    private long _bodySent;
    private int _unacknowledged;
    private bool _headersSent;
    private bool _noBody;
    private bool _ended;
    private bool _reset;
    private bool _pipeUsed;
    private volatile bool _requestEnded;

    public Http2Stream(Http2ServerConnection connection)
    {
        _connection = connection;
        _requestBody = new Http2RequestBody(this, _requestPipe.Reader);
        _responseBody = new Http2ResponseBody(this);
        Body = _requestBody.AsStream(leaveOpen: true);
        Stream = _responseBody.AsStream(leaveOpen: true);
        Features = new FeatureCollection(connection.ConnectionFeatures);
        Features.Set<IHttpRequestFeature>(this);
        Features.Set<IHttpResponseFeature>(this);
        Features.Set<IHttpResponseBodyFeature>(this);
        Features.Set<IRequestBodyPipeFeature>(this);
        Features.Set<IHttpRequestBodyDetectionFeature>(this);
        Features.Set<IHttpRequestLifetimeFeature>(this);
        Features.Set<IHttpRequestIdentifierFeature>(this);
        Features.Set<IHttpResponseTrailersFeature>(this);
        Features.Set<IHttpResetFeature>(this);
    }

    public FeatureCollection Features { get; }

    public int Id { get; private set; }

    /// <summary>What the peer still lets this stream send; guarded by <see cref="Http2SendWindows"/>' lock.</summary>
    public long SendWindow { get; set; }

    /// <summary>Completed when <see cref="SendWindow"/> or the connection's window may have grown; the windows' lock guards it.</summary>
    public TaskCompletionSource? WindowWaiter { get; set; }

    /// <summary>What the peer may still send on this stream before a WINDOW_UPDATE (read loop, and the reader's updates).</summary>
    public int ReceiveWindow;

    /// <summary>The request's content-length, checked against the DATA received (RFC 9113 §8.1.1); -1 without one.</summary>
    public long RequestContentLength { get; private set; }

    /// <summary>DATA octets received (read loop only).</summary>
    public long RequestBytesReceived { get; set; }

    /// <summary>The peer sent END_STREAM (or reset): no more request frames are coming.</summary>
    public bool RequestEnded
    {
        get => _requestEnded;
        private set => _requestEnded = value;
    }

    /// <summary>This side sent END_STREAM or RST_STREAM.</summary>
    public bool ResponseEnded
    {
        get
        {
            lock (_lock)
            {
                return _ended;
            }
        }
    }

    /// <summary>The header dictionary the next request's block is decoded into.</summary>
    public IHeaderDictionary RequestHeaders => _requestHeaders;

    /// <summary>Makes this stream the request just decoded (read loop). <paramref name="sink"/> holds its pseudo-headers.</summary>
    public void Begin(int id, Http2RequestHeaderSink sink, bool endStream, int receiveWindow, int sendWindow)
    {
        Id = id;
        ReceiveWindow = receiveWindow;
        SendWindow = sendWindow;
        WindowWaiter = null;
        RequestBytesReceived = 0;
        RequestEnded = endStream;
        CanHaveBody = !endStream;
        Method = sink.Method!;
        Scheme = sink.Scheme ?? "http";
        var target = sink.Path ?? sink.Authority ?? "";
        RawTarget = target;
        var query = target.IndexOf('?');
        var path = query < 0 ? target : target[..query];
        Path = path.Contains('%') ? PathString.FromUriComponent(path).Value ?? path : path;
        QueryString = query < 0 ? "" : target[query..];
        if (sink.Authority is { } authority)
        {
            _requestHeaders.Host = authority;
        }

        RequestContentLength = _requestHeaders.ContentLength ?? -1;
        StatusCode = 200;
        ReasonPhrase = null;
        _traceIdentifier = null;
        _declaredLength = -1;
        _bodySent = 0;
        _unacknowledged = 0;
        _headersSent = false;
        _noBody = false;
        _ended = false;
        _reset = false;
        if (!_aborted.TryReset())
        {
            _aborted.Dispose();
            _aborted = new CancellationTokenSource();
        }

        if (_pipeUsed)
        {
            // Both ends were completed when the previous request finished (the writer here, on the read loop).
            _requestPipe.Writer.Complete();
            _requestPipe.Reset();
        }

        _pipeUsed = true;
        if (endStream)
        {
            _requestPipe.Writer.Complete();
        }
    }

    /// <summary>Runs the application for this request; the part before its first await runs on the caller's thread.</summary>
    public async Task RunAsync(IHttpRequestHandler handler, Proxy.Listeners.DownstreamConnection downstream)
    {
        var context = _context;
        context.Initialize(Features);
        context.Connection = downstream;
        var failed = false;
        try
        {
            await handler.ProcessAsync(context).ConfigureAwait(false);
        }
        catch (Exception)
        {
            failed = true;
        }

        try
        {
            await FinishAsync(failed).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection went away while the response was ending; the read loop cleans up.
        }
        finally
        {
            context.Uninitialize();
            _connection.OnStreamFinished(this);
        }
    }

    /// <summary>Request body octets from a DATA frame (read loop).</summary>
    public void OnData(in ReadOnlySequence<byte> data, bool endStream)
    {
        var writer = _requestPipe.Writer;
        foreach (var segment in data)
        {
            writer.Write(segment.Span);
        }

        if (endStream)
        {
            RequestEnded = true;
            writer.Complete();
        }
        else if (!data.IsEmpty)
        {
            // Never waits: the pipe does not pause (the window bounds it); the reader's continuation runs here.
            _ = writer.FlushAsync();
        }
    }

    /// <summary>Request trailers end the body; they are not forwarded (the router sends none upstream).</summary>
    public void OnTrailers()
    {
        RequestEnded = true;
        _requestPipe.Writer.Complete();
    }

    /// <summary>The peer sent RST_STREAM (read loop), or the connection is going away.</summary>
    public void OnPeerReset(string reason)
    {
        lock (_lock)
        {
            _reset = true;
            _ended = true;
        }

        RequestEnded = true;
        _requestPipe.Writer.Complete(new ConnectionAbortedException(reason));
        _connection.Windows.Wake(this);
        CancelAborted();
    }

    /// <summary>Resets the stream from this side (RST_STREAM with <paramref name="code"/>), once.</summary>
    public void Reset(Http2ErrorCode code) => Reset(code, responseComplete: false);

    /// <param name="responseComplete">
    /// The response already ended and the request has not: RST_STREAM NO_ERROR tells the client to stop sending
    /// (RFC 9113 §8.1). Otherwise a stream whose response ended is not reset.
    /// </param>
    private void Reset(Http2ErrorCode code, bool responseComplete)
    {
        lock (_lock)
        {
            if (_reset || (_ended && !responseComplete))
            {
                return;
            }

            _ended = true;
            _reset = true;
        }

        if (!RequestEnded)
        {
            _connection.RememberReset(Id);
        }

        _connection.Writer.WriteRstStream(Id, code);
        _ = _connection.Writer.FlushAsync();
        _connection.Windows.Wake(this);
        CancelAborted();
    }

    /// <summary>The application consumed request body octets: reopen the stream's window once half of it is used.</summary>
    public void OnRequestBodyConsumed(int bytes)
    {
        _unacknowledged += bytes;
        if (_unacknowledged < _connection.StreamWindowUpdateThreshold || RequestEnded)
        {
            return;
        }

        var increment = _unacknowledged;
        _unacknowledged = 0;
        Interlocked.Add(ref ReceiveWindow, increment);
        _connection.Writer.WriteWindowUpdate(Id, increment);
        _ = _connection.Writer.FlushAsync();
    }

    private void MarkEnded()
    {
        lock (_lock)
        {
            _ended = true;
        }
    }

    private void CancelAborted()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Gives back pooled buffers when the connection closes.</summary>
    public void Release() => _responseBody.Release();
}
