namespace Proxy.Upstream.Http1;

/// <summary>
/// An upstream response in flight: its head, its body stream, and the connection it holds until disposed.
/// Disposing gives the connection back to the pool when the exchange left it at a message boundary (the body
/// read to its end, the request body sent, keep-alive), and closes it otherwise.
/// </summary>
internal sealed class Http1Response : IDisposable
{
    private readonly Http1HostPool _pool;
    private readonly Http1Connection _connection;
    private readonly Task? _requestBody;
    private CancellationTokenRegistration _abortOnCancel;
    private int _disposed;

    public Http1Response(Http1HostPool pool, Http1Connection connection, Http1ResponseHead head, Http1ResponseBody body, Task? requestBody, CancellationTokenRegistration abortOnCancel)
    {
        _pool = pool;
        _connection = connection;
        Head = head;
        Body = body;
        _requestBody = requestBody;
        _abortOnCancel = abortOnCancel;
    }

    public Http1ResponseHead Head { get; }

    public Http1ResponseBody Body { get; }

    public int StatusCode => Head.StatusCode;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _abortOnCancel.Dispose();
        var reusable = Head.KeepAlive && Body.Complete && !_connection.IsAborted
                       && (_requestBody is null || _requestBody.IsCompletedSuccessfully);
        if (!reusable && _requestBody is { IsCompleted: false })
        {
            // The response ended before the request body did: stop sending it.
            _connection.Abort();
        }

        Http1Client.Observe(_requestBody);
        _pool.Release(_connection, reusable);
    }
}
