using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Proxy.Tcp;
using Proxy.Tests.Upstream.TestSupport;

namespace Proxy.Tests.Tcp;

/// <summary>tcp_proxy's idle_timeout on a relay between a pipe (the downstream) and a real loopback socket (the upstream).</summary>
public sealed class TcpRelayTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task NothingMovingForTheIdleTimeoutEndsTheRelay()
    {
        await using var setup = await RelaySetup.StartAsync(Idle);

        setup.Time.Advance(Idle);

        await setup.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(setup.Relay.TimedOut);
    }

    [Fact]
    public async Task TrafficMovesTheDeadlineWithoutTouchingTheTimer()
    {
        await using var setup = await RelaySetup.StartAsync(Idle);

        setup.Time.Advance(TimeSpan.FromSeconds(8));
        await setup.UpstreamSendsAsync("b");

        // The bytes are recorded, the timer stays where it was: 2 s left of its first 10.
        Assert.Equal([TimeSpan.FromSeconds(2)], setup.Time.PendingTimers);

        // Due at 10 s, it finds bytes 2 s old and waits the 8 s left.
        setup.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(setup.Run.IsCompleted);
        Assert.Equal([TimeSpan.FromSeconds(6)], setup.Time.PendingTimers);

        setup.Time.Advance(TimeSpan.FromSeconds(6));
        await setup.Run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(setup.Relay.TimedOut);
    }

    [Fact]
    public async Task ARelayThatEndsLeavesNoTimer()
    {
        await using var setup = await RelaySetup.StartAsync(Idle);

        await setup.Downstream.Input.CompleteAsync();
        setup.Peer.Shutdown(SocketShutdown.Send);
        await setup.Run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(setup.Relay.TimedOut);
        Assert.Empty(setup.Time.PendingTimers);
    }

    private sealed class RelaySetup : IAsyncDisposable
    {
        private readonly Socket _upstream;

        private RelaySetup(FakeTimeProvider time, TestDuplex downstream, Socket upstream, Socket peer, TimeSpan idle)
        {
            Time = time;
            Downstream = downstream;
            _upstream = upstream;
            Peer = peer;
            Relay = new TcpRelay(downstream.ForRelay, upstream, idle, time);
            Run = Relay.RunAsync(CancellationToken.None);
        }

        public FakeTimeProvider Time { get; }

        public TestDuplex Downstream { get; }

        /// <summary>The upstream server's end of the relay's upstream connection.</summary>
        public Socket Peer { get; }

        public TcpRelay Relay { get; }

        public Task Run { get; }

        public static async Task<RelaySetup> StartAsync(TimeSpan idle)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(listener.LocalEndPoint!);
            var peer = await listener.AcceptAsync();
            return new RelaySetup(new FakeTimeProvider(), new TestDuplex(), upstream, peer, idle);
        }

        /// <summary>The upstream sends <paramref name="text"/>; returns once the relay wrote it downstream (after it recorded the bytes).</summary>
        public async Task UpstreamSendsAsync(string text)
        {
            await Peer.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);
            var received = new StringBuilder();
            while (received.Length < text.Length)
            {
                var result = await Downstream.Output.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                foreach (var segment in result.Buffer)
                {
                    received.Append(Encoding.ASCII.GetString(segment.Span));
                }

                Downstream.Output.AdvanceTo(result.Buffer.End);
            }

            Assert.Equal(text, received.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            Peer.Dispose();
            _upstream.Dispose();
            await Downstream.Input.CompleteAsync();
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>The downstream connection as the relay sees it: it reads what the client sent (<see cref="Input"/>'s reader) and writes to the client (<see cref="Output"/>'s writer).</summary>
    private sealed class TestDuplex
    {
        private readonly Pipe _fromClient = new();
        private readonly Pipe _toClient = new();

        public TestDuplex() => ForRelay = new DuplexPipe(_fromClient.Reader, _toClient.Writer);

        public IDuplexPipe ForRelay { get; }

        /// <summary>The client's sending side.</summary>
        public PipeWriter Input => _fromClient.Writer;

        /// <summary>What reaches the client.</summary>
        public PipeReader Output => _toClient.Reader;

        private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
    }
}
