using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Http.Codec.Http2;

/// <summary>The ASP.NET Core features an HttpContext reads, as the stream presents them.</summary>
internal sealed partial class Http2Stream
{
    // IHttpRequestFeature
    public string Protocol { get; set; } = "HTTP/2";

    public string Scheme { get; set; } = "http";

    public string Method { get; set; } = HttpMethods.Get;

    public string PathBase { get; set; } = "";

    public string Path { get; set; } = "/";

    public string QueryString { get; set; } = "";

    public string RawTarget { get; set; } = "/";

    IHeaderDictionary IHttpRequestFeature.Headers { get => _requestHeaders; set => _requestHeaders = value; }

    public Stream Body { get; set; }

    // IHttpResponseFeature
    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; set; }

    IHeaderDictionary IHttpResponseFeature.Headers { get => _responseHeaders; set => _responseHeaders = value; }

    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    Stream IHttpResponseFeature.Body { get => Stream; set => throw new NotSupportedException(); }

    public bool HasStarted => Volatile.Read(ref _headersSent);

    // IHttpResponseBodyFeature
    public Stream Stream { get; }

    public PipeWriter Writer => _responseBody;

    // IRequestBodyPipeFeature
    public PipeReader Reader => _requestBody;

    // IHttpRequestBodyDetectionFeature: a request whose HEADERS carried END_STREAM has no body.
    public bool CanHaveBody { get; private set; }

    // IHttpRequestLifetimeFeature
    public CancellationToken RequestAborted { get => _aborted.Token; set => throw new NotSupportedException(); }

    // IHttpRequestIdentifierFeature: Kestrel's form, the connection id and the stream id.
    public string TraceIdentifier
    {
        get => _traceIdentifier ??= $"{_connection.ConnectionId}:{Id:X8}";
        set => _traceIdentifier = value;
    }

    // IHttpResponseTrailersFeature
    public IHeaderDictionary Trailers { get => _trailers; set => _trailers = value; }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public void DisableBuffering()
    {
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!HasStarted)
        {
            WriteResponseHeaders(endStream: false);
            await _connection.Writer.FlushAsync().ConfigureAwait(false);
        }
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);

    public Task CompleteAsync() => SendBodyAsync(endStream: true).AsTask();

    /// <summary>HttpContext.Abort: the stream is reset (INTERNAL_ERROR, as Kestrel's HTTP/2 does), the connection goes on.</summary>
    public void Abort() => Reset(Http2ErrorCode.InternalError);

    void IHttpResetFeature.Reset(int errorCode) => Reset((Http2ErrorCode)errorCode);
}
