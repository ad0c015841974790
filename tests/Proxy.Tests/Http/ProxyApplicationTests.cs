using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Http;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Http;

public sealed class ProxyApplicationTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ProxyApplication _application = new();

    [Fact]
    public void A_pooled_context_is_reused_and_its_armed_timer_goes_when_the_connection_closes()
    {
        var connection = new Connection();
        var context = _application.CreateContext(connection);
        context.Timers.Start(_time, TimeSpan.FromMinutes(5), TimeSpan.Zero);
        context.Timers.Stop();
        _application.DisposeContext(context, null);
        Assert.Same(context, _application.CreateContext(connection));
        Assert.Single(_time.PendingTimers);

        connection.Close();

        Assert.Empty(_time.PendingTimers);
    }

    [Fact]
    public void A_context_the_codec_does_not_pool_takes_its_timer_with_it()
    {
        var context = _application.CreateContext(new FeatureCollection());
        context.Timers.Start(_time, TimeSpan.FromMinutes(5), TimeSpan.Zero);
        context.Timers.Stop();

        _application.DisposeContext(context, null);

        Assert.Empty(_time.PendingTimers);
    }

    /// <summary>The features of a connection as Kestrel gives them: a pooled host context and the connection's lifetime.</summary>
    private sealed class Connection : FeatureCollection, IHostContextContainer<RequestContext>, IConnectionLifetimeFeature
    {
        private readonly CancellationTokenSource _closed = new();

        public Connection() => Set<IConnectionLifetimeFeature>(this);

        public RequestContext? HostContext { get; set; }

        public CancellationToken ConnectionClosed
        {
            get => _closed.Token;
            set => throw new NotSupportedException();
        }

        public void Abort() => Close();

        public void Close() => _closed.Cancel();
    }
}
