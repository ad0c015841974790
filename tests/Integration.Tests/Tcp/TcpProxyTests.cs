using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Tcp;

/// <summary>tcp_proxy with real sockets: bytes both ways, half-close, weighted clusters, idle timeout, connect attempts.</summary>
public sealed class TcpProxyTests : IClassFixture<TcpProxyFixture>
{
    private readonly TcpProxyFixture _fixture;

    public TcpProxyTests(TcpProxyFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task BytesFlowBothWays()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.PlainPort);
        var payload = new byte[256 * 1024];
        new Random(7).NextBytes(payload);
        var expected = System.Text.Encoding.Latin1.GetString(payload);

        await connection.SendAsync(payload);
        await connection.ReadUntilAsync(text => text.Length >= payload.Length);

        Assert.Equal(expected, connection.Received);
    }

    [Fact]
    public async Task HalfCloseReachesTheUpstreamAndItsReplyComesBack()
    {
        // The client's FIN must reach the upstream (it answers the FIN with its sign-off) while the other
        // direction stays open, then the upstream's FIN closes the client's side.
        await using var connection = await RawConnection.ConnectAsync(_fixture.PlainPort);
        await connection.SendAsync("ping");
        await connection.ReadUntilAsync(text => text == "ping");
        connection.ShutdownSend();

        var closed = await connection.ReadToEndAsync();

        Assert.True(closed);
        Assert.Equal("pingE1-BYE", connection.Received);
    }

    [Fact]
    public async Task WeightedClustersShareConnections()
    {
        // 60 connections at 50/50: each cluster gets at least 10 unless the split is broken
        // (a fair split gets 10 or fewer with probability ~1e-7).
        var counts = new Dictionary<string, int> { ["E1-BYE"] = 0, ["E2-BYE"] = 0 };
        for (var i = 0; i < 60; i++)
        {
            await using var connection = await RawConnection.ConnectAsync(_fixture.WeightedPort);
            connection.ShutdownSend();
            await connection.ReadToEndAsync();
            counts[connection.Received]++;
        }

        Assert.InRange(counts["E1-BYE"], 10, 50);
        Assert.InRange(counts["E2-BYE"], 10, 50);
    }

    [Fact]
    public async Task IdleTimeoutClosesAnIdleConnection()
    {
        var before = await _fixture.Proxy.StatAsync("tcp.idle.idle_timeout");
        await using var connection = await RawConnection.ConnectAsync(_fixture.IdlePort);
        await connection.SendAsync("x");
        await connection.ReadUntilAsync(text => text == "x");

        var closed = await connection.ReadToEndAsync(TimeSpan.FromSeconds(10));

        Assert.True(closed);
        Assert.Equal("x", connection.Received);
        Assert.Equal(before + 1, await _fixture.Proxy.StatAsync("tcp.idle.idle_timeout"));
    }

    [Fact]
    public async Task MaxConnectAttemptsTriesTheNextHost()
    {
        // Round robin over [refused, echo]: of two connections at least one first picks the refused host.
        var before = await _fixture.Proxy.StatAsync("cluster.flaky.upstream_cx_connect_fail");
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await RawConnection.ConnectAsync(_fixture.RetryPort);
            await connection.SendAsync("hello");
            await connection.ReadUntilAsync(text => text == "hello");
            Assert.Equal("hello", connection.Received);
        }

        Assert.True(await _fixture.Proxy.StatAsync("cluster.flaky.upstream_cx_connect_fail") > before);
    }

    [Fact]
    public async Task OneConnectAttemptGivesUpOnARefusedHost()
    {
        var failures = 0;
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await RawConnection.ConnectAsync(_fixture.NoRetryPort);
            try
            {
                await connection.SendAsync("hello");
            }
            catch (System.Net.Sockets.SocketException)
            {
                // The proxy may already have closed the connection it could not forward.
            }

            var closed = await connection.ReadUntilAsync(text => text == "hello");
            if (closed && connection.Received.Length == 0)
            {
                failures++;
            }
        }

        Assert.True(failures >= 1);
    }
}
