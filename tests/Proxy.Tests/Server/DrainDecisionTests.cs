using System.Net;
using Proxy.Cli;
using Proxy.Listeners.Config;
using Proxy.Server;
using Proxy.Stats;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Server;

/// <summary>Envoy's drain manager decisions (DrainDecision): which responses close their connection, and when open connections are asked to.</summary>
public sealed class DrainDecisionTests
{
    private static readonly ListenerConfig Inbound = Listener("inbound", "INBOUND");
    private static readonly ListenerConfig Outbound = Listener("outbound", "OUTBOUND");

    private readonly FakeTimeProvider _time = new();
    private readonly ServerLifecycle _lifecycle;

    public DrainDecisionTests() => _lifecycle = new ServerLifecycle(new StatsStore(), _time);

    private DrainDecision Decision(DrainStrategy strategy, double random = 0.5) =>
        new(_lifecycle, strategy, TimeSpan.FromSeconds(10), _time, new FixedRandom(random));

    [Fact]
    public void Nothing_closes_before_a_drain_starts()
    {
        var drain = Decision(DrainStrategy.Immediate);

        Assert.False(drain.DrainClose(Inbound));
        Assert.False(drain.Covers(Inbound));
    }

    [Fact]
    public void Immediate_closes_every_response_once_the_drain_started()
    {
        var drain = Decision(DrainStrategy.Immediate);

        Assert.True(drain.Start(inboundOnly: false));

        Assert.True(drain.DrainClose(Inbound));
        Assert.True(drain.DrainClose(Outbound));
    }

    [Fact]
    public void An_inbound_only_drain_leaves_the_other_listeners_alone_until_a_full_drain_widens_it()
    {
        var drain = Decision(DrainStrategy.Immediate);

        Assert.True(drain.Start(inboundOnly: true));
        Assert.True(drain.DrainClose(Inbound));
        Assert.False(drain.DrainClose(Outbound));
        Assert.False(drain.Covers(Outbound));
        Assert.False(drain.Start(inboundOnly: true));

        Assert.True(drain.Start(inboundOnly: false));
        Assert.True(drain.DrainClose(Outbound));
        Assert.False(drain.Start(inboundOnly: false));
    }

    [Fact]
    public void A_failed_health_check_closes_every_response_without_a_drain()
    {
        var drain = Decision(DrainStrategy.Gradual);

        _lifecycle.SetHealthCheckFailed(true);

        Assert.True(drain.DrainClose(Outbound));
    }

    [Theory]
    [InlineData(0, 0.5, false)]
    [InlineData(4, 0.5, false)]
    [InlineData(6, 0.5, true)]
    [InlineData(6, 0.7, false)]
    [InlineData(10, 0.99, true)]
    public void Gradual_closes_with_the_share_of_the_drain_time_elapsed(int seconds, double random, bool closes)
    {
        var drain = Decision(DrainStrategy.Gradual, random);
        drain.Start(inboundOnly: false);

        _time.Advance(TimeSpan.FromSeconds(seconds));

        Assert.Equal(closes, drain.DrainClose(Inbound));
    }

    [Fact]
    public void Open_connections_are_asked_to_close_at_once_with_immediate()
    {
        var drain = Decision(DrainStrategy.Immediate);

        Assert.Equal(TimeSpan.Zero, drain.ProactiveDelay(3, 4));
    }

    [Fact]
    public void Open_connections_are_asked_to_close_over_the_first_quarter_of_the_drain_time_with_gradual()
    {
        var drain = Decision(DrainStrategy.Gradual);

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(0.625), TimeSpan.FromSeconds(1.25), TimeSpan.FromSeconds(1.875)],
            Enumerable.Range(0, 4).Select(i => drain.ProactiveDelay(i, 4)));
    }

    private static ListenerConfig Listener(string name, string direction) =>
        new() { Name = name, Address = new IPEndPoint(IPAddress.Loopback, 0), StatPrefix = name, TrafficDirection = direction };

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
