using Proxy.Http.Timeouts;
using Proxy.Router;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Router;

public sealed class UpstreamRequestTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly StreamTimers _timers = new();
    private readonly CancellationSourceSlot _slot = new();

    [Fact]
    public void The_next_exchange_of_a_context_reuses_the_source_of_one_that_ended_uncancelled()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.Zero);
        CancellationToken first;
        using (var exchange = New())
        {
            first = exchange.Token;
        }

        using var next = New();

        Assert.False(next.Token.IsCancellationRequested);
        Assert.True(next.Token.CanBeCanceled);
        Assert.Equal(first.WaitHandle, next.Token.WaitHandle);
    }

    [Fact]
    public void A_source_that_was_cancelled_is_not_reused()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.Zero);
        using var downstream = new CancellationTokenSource();
        CancellationToken first;
        using (var exchange = new UpstreamRequest(TimeSpan.FromSeconds(1), _time, downstream.Token, _timers, _slot))
        {
            first = exchange.Token;
            downstream.Cancel();
            Assert.True(first.IsCancellationRequested);
        }

        using var next = New();

        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_route_timeout_that_fires_after_its_exchange_ended_does_not_cancel_the_next_exchange()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.Zero);
        var old = New();
        old.ArmTimeout();
        old.Dispose();
        using var next = New();

        // What a timer that read the old exchange just before it ended, or a request body that ends late, still does.
        old.Expire();
        old.OnRequestBodyComplete(10);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(next.Token.IsCancellationRequested);
        Assert.False(next.TimedOut);
    }

    [Fact]
    public void The_route_timeout_cancels_the_exchange_that_is_running()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.Zero);
        using var exchange = New();

        exchange.ArmTimeout();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(exchange.Token.IsCancellationRequested);
        Assert.True(exchange.TimedOut);
    }

    private UpstreamRequest New() => new(TimeSpan.FromSeconds(1), _time, CancellationToken.None, _timers, _slot);
}
