namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// One proxy process (and its upstreams) shared by the tests of a class (xunit class fixture): subclasses
/// start their upstreams and return the bootstrap; the proxy listens on <see cref="Port"/>.
/// </summary>
public abstract class ProxyFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private ProxyProcess? _proxy;

    /// <summary>The HTTP (or TCP) listener port the bootstrap should use.</summary>
    public int Port { get; } = FreePort.Get();

    public ProxyProcess Proxy => _proxy ?? throw new InvalidOperationException("the fixture is not initialized");

    public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    public async Task InitializeAsync()
    {
        var bootstrap = await PrepareAsync();
        _proxy = await ProxyProcess.StartAsync(bootstrap, ExtraArguments);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    /// <summary>Command-line flags after <c>-c bootstrap</c>; null = the ProxyProcess defaults.</summary>
    protected virtual IEnumerable<string>? ExtraArguments => null;

    /// <summary>Starts what the proxy talks to and returns the bootstrap YAML.</summary>
    protected abstract Task<string> PrepareAsync();

    /// <summary>Disposes <paramref name="resource"/> after the proxy, when the class is done.</summary>
    protected T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
