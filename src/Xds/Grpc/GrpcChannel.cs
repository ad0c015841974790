using System.Net;
using System.Net.Sockets;

namespace Proxy.Xds.Grpc;

/// <summary>
/// gRPC over HTTP/2 without Grpc.Net.Client (DESIGN.md): one SocketsHttpHandler speaking h2c with prior knowledge
/// to a TCP or Unix socket target; each call is one HTTP/2 stream.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _base;

    public GrpcChannel(GrpcChannelOptions options)
    {
        Options = options;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = false,
            ConnectCallback = ConnectAsync,
        };
        if (options.KeepAliveInterval is { } interval)
        {
            handler.KeepAlivePingDelay = interval;
            handler.KeepAlivePingTimeout = options.KeepAliveTimeout;
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        _invoker = new HttpMessageInvoker(handler);
        var host = Uri.CheckHostName(options.Authority) == UriHostNameType.Unknown ? "localhost" : options.Authority;
        _base = new Uri("http://" + host);
    }

    public GrpcChannelOptions Options { get; }

    /// <summary>
    /// Starts a call whose request and response are both streams (also serves client streaming: many writes,
    /// one response). Returns at once, so the first messages can be written before the server answers (an xDS
    /// server sends nothing before the first request); a connect failure or an error status surfaces from the
    /// first <see cref="GrpcDuplexCall.ReadAsync{T}"/> or <see cref="GrpcDuplexCall.WhenStartedAsync"/>.
    /// </summary>
    public GrpcDuplexCall StartDuplex(string method, CancellationToken cancellationToken)
    {
        var call = new GrpcDuplexCall(cancellationToken);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = call.RequestContent,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("user-agent", Options.UserAgent);
        foreach (var (name, value) in Options.Metadata)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        call.Start(_invoker.SendAsync(request, call.Token));
        return call;
    }

    public void Dispose() => _invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = Options.Target;
        var socket = target is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
