using System.Net;
using System.Threading.Channels;
using Google.Protobuf;

namespace Proxy.Xds.Grpc;

/// <summary>
/// One streaming call: writes go out as length-prefixed messages on the request stream, reads parse the
/// response stream; the status comes from the trailers, or from the headers of a trailers-only response.
/// </summary>
public sealed class GrpcDuplexCall : IAsyncDisposable
{
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _cancel;
    private readonly TaskCompletionSource<GrpcStatus> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpResponseMessage? _response;
    private Stream? _body;
    private Task? _started;

    internal GrpcDuplexCall(CancellationToken cancellationToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        RequestContent = new StreamingContent(this);
    }

    /// <summary>The call's final status, known once the response stream ended (or the call failed).</summary>
    public Task<GrpcStatus> Status => _status.Task;

    internal HttpContent RequestContent { get; }

    internal CancellationToken Token => _cancel.Token;

    public ValueTask WriteAsync(IMessage message) => _outbound.Writer.WriteAsync(GrpcFraming.Frame(message), _cancel.Token);

    /// <summary>Ends the request stream (half-close); the response can still be read.</summary>
    public void CompleteWrites() => _outbound.Writer.TryComplete();

    /// <summary>The next message, or null when the response stream ended (see <see cref="Status"/>).</summary>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        await WhenStartedAsync().ConfigureAwait(false);
        if (_body is null)
        {
            return null;
        }

        byte[]? frame;
        try
        {
            frame = await GrpcFraming.ReadAsync(_body, _cancel.Token).ConfigureAwait(false);
        }
        catch (GrpcException e)
        {
            _status.TrySetResult(e.Status);
            throw;
        }

        if (frame is null)
        {
            _status.TrySetResult(StatusFrom(_response!.TrailingHeaders) ?? StatusFrom(_response.Headers)
                ?? new GrpcStatus(GrpcStatus.Internal, "the stream ended without grpc-status"));
            return null;
        }

        return parser.ParseFrom(frame);
    }

    public async ValueTask DisposeAsync()
    {
        _outbound.Writer.TryComplete();
        _status.TrySetResult(new GrpcStatus(GrpcStatus.Cancelled, "call disposed"));
        await _cancel.CancelAsync().ConfigureAwait(false);
        _response?.Dispose();
        _cancel.Dispose();
    }

    /// <summary>Completes when the response headers arrived; throws what the connect or the status said.</summary>
    public Task WhenStartedAsync() => _started ?? Task.CompletedTask;

    internal void Start(Task<HttpResponseMessage> sending) => _started = AcceptAsync(sending);

    private async Task AcceptAsync(Task<HttpResponseMessage> sending)
    {
        HttpResponseMessage response;
        try
        {
            response = await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            throw Fail(new GrpcStatus(GrpcStatus.Unavailable, e.Message));
        }

        await AcceptResponseAsync(response).ConfigureAwait(false);
    }

    private async Task AcceptResponseAsync(HttpResponseMessage response)
    {
        _response = response;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Fail(new GrpcStatus(GrpcStatus.FromHttpStatus((int)response.StatusCode), $"HTTP status {(int)response.StatusCode}"));
        }

        var contentType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(new GrpcStatus(GrpcStatus.Unknown, $"response content-type '{contentType}' is not application/grpc"));
        }

        // Trailers-only: the status is in the headers and there is no body.
        if (StatusFrom(response.Headers) is { } immediate && immediate.Code != GrpcStatus.Ok)
        {
            throw Fail(immediate);
        }

        _body = await response.Content.ReadAsStreamAsync(_cancel.Token).ConfigureAwait(false);
    }

    private GrpcException Fail(GrpcStatus status)
    {
        _status.TrySetResult(status);
        return new GrpcException(status);
    }

    private static GrpcStatus? StatusFrom(System.Net.Http.Headers.HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out var codes))
        {
            return null;
        }

        var code = int.TryParse(codes.FirstOrDefault(), out var parsed) ? parsed : GrpcStatus.Unknown;
        var message = headers.TryGetValues("grpc-message", out var messages) ? GrpcFraming.DecodeMessage(messages.FirstOrDefault()) : string.Empty;
        return new GrpcStatus(code, message);
    }

    private sealed class StreamingContent : HttpContent
    {
        private readonly GrpcDuplexCall _call;

        public StreamingContent(GrpcDuplexCall call)
        {
            _call = call;
            Headers.TryAddWithoutValidation("content-type", "application/grpc");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var reader = _call._outbound.Reader;
            try
            {
                while (await reader.WaitToReadAsync(_call.Token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var frame))
                    {
                        await stream.WriteAsync(frame, _call.Token).ConfigureAwait(false);
                    }

                    await stream.FlushAsync(_call.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The call was disposed: the stream is reset by the handler.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
