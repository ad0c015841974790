namespace Proxy.Upstream.Http1;

/// <summary>
/// An upstream response in flight: its head, its body stream, and the connection it holds. The connection goes
/// back to the pool as soon as the body's last byte was read (before the router writes it downstream, as Envoy
/// frees it when the upstream response completes), or when the response is disposed; it is reused only when the
/// exchange left it at a message boundary (the body read to its end, the request body sent, keep-alive), and
/// closed otherwise.
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
        body.Owner = this;
        if (body.Complete)
        {
            Release();
        }
    }

    public Http1ResponseHead Head { get; }

    public Http1ResponseBody Body { get; }

    public int StatusCode => Head.StatusCode;

    public void Dispose() => Release();

    /// <summary>Gives the connection back (or closes it); only the first call does anything.</summary>
    internal void Release()
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
