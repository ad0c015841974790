using Proxy.Http.Timeouts;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Http;

public sealed class StreamTimersTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly StreamTimers _timers = new();

    [Fact]
    public void IdleTimeoutFiresAfterNoActivity()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.Zero);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(StreamTimeout.None, _timers.Fired);
        Assert.False(_timers.Token.IsCancellationRequested);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StreamTimeout.Idle, _timers.Fired);
        Assert.True(_timers.Token.IsCancellationRequested);
    }

    [Fact]
    public void ActivityPostponesTheIdleTimeout()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.Zero);

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(6));
            _timers.Touch();
        }

        Assert.Equal(StreamTimeout.None, _timers.Fired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(StreamTimeout.Idle, _timers.Fired);
    }

    [Fact]
    public void RequestTimeoutFiresDespiteActivityUntilTheRequestCompletes()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));

        _time.Advance(TimeSpan.FromSeconds(2));
        _timers.Touch();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(StreamTimeout.Request, _timers.Fired);
    }

    [Fact]
    public void CompletedRequestDisarmsRequestTimeout()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        _timers.RequestComplete();

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(StreamTimeout.None, _timers.Fired);
    }

    [Fact]
    public void ZeroDisablesBothTimers()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.Zero);

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(StreamTimeout.None, _timers.Fired);
        Assert.Empty(_time.PendingTimers);
    }

    [Fact]
    public void RouteIdleTimeoutReplacesTheManagersOne()
    {
        _timers.Start(_time, TimeSpan.FromMinutes(5), TimeSpan.Zero);
        _timers.SetIdleTimeout(TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(StreamTimeout.Idle, _timers.Fired);
    }

    [Fact]
    public void RouteIdleTimeoutOfZeroDisablesIt()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        _timers.SetIdleTimeout(TimeSpan.Zero);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(StreamTimeout.None, _timers.Fired);
    }

    [Fact]
    public void StoppedTimersNeverFireAndRestartWithAFreshToken()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StreamTimeout.Idle, _timers.Fired);

        _timers.Stop();
        _timers.Start(_time, TimeSpan.FromSeconds(5), TimeSpan.Zero);
        Assert.Equal(StreamTimeout.None, _timers.Fired);
        Assert.False(_timers.Token.IsCancellationRequested);

        _timers.Stop();
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(StreamTimeout.None, _timers.Fired);
    }

    [Fact]
    public void ALaterDeadlineLeavesTheArmedTimerAsItIsAndItReArmsWhenItFires()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.Zero);
        _timers.Watch(new Deadline(_time.GetTimestamp() + TimeSpan.FromSeconds(20).Ticks));
        Assert.Equal([TimeSpan.FromSeconds(10)], _time.PendingTimers);

        _time.Advance(TimeSpan.FromSeconds(5));
        _timers.Touch();
        _time.Advance(TimeSpan.FromSeconds(5));

        // Active 5 s ago: re-armed for the idle deadline, 5 s on, nearer than the exchange's.
        Assert.Equal(StreamTimeout.None, _timers.Fired);
        Assert.Equal([TimeSpan.FromSeconds(5)], _time.PendingTimers);
    }

    [Fact]
    public void StopDisarmsTheTimer()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.Zero);
        _timers.Watch(new Deadline(_time.GetTimestamp() + TimeSpan.FromSeconds(3).Ticks));

        _timers.Stop();

        Assert.Empty(_time.PendingTimers);
    }

    [Fact]
    public void AnExchangeDeadlineExpiresOnTheStreamsTimerWithoutEndingTheStream()
    {
        _timers.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.Zero);
        var exchange = new Deadline(_time.GetTimestamp() + TimeSpan.FromSeconds(3).Ticks);

        _timers.Watch(exchange);
        Assert.Equal([TimeSpan.FromSeconds(3)], _time.PendingTimers);
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, exchange.Expired);
        Assert.Equal(StreamTimeout.None, _timers.Fired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, exchange.Expired);
        Assert.Equal(StreamTimeout.Idle, _timers.Fired);
    }

    [Fact]
    public void AnExchangeNoLongerWatchedDoesNotExpire()
    {
        _timers.Start(_time, TimeSpan.Zero, TimeSpan.Zero);
        var exchange = new Deadline(_time.GetTimestamp() + TimeSpan.FromSeconds(3).Ticks);
        _timers.Watch(exchange);

        _timers.Unwatch(exchange);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, exchange.Expired);
    }

    private sealed class Deadline(long at) : IExchangeDeadline
    {
        public int Expired { get; private set; }

        long IExchangeDeadline.Deadline => at;

        public void Expire() => Expired++;
    }
}
