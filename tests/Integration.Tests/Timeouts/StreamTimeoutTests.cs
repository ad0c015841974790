using System.Globalization;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Timeouts;

/// <summary>HCM stream_idle_timeout, route idle_timeout and request_timeout, as Envoy answers them.</summary>
public sealed class StreamTimeoutTests : IClassFixture<StreamTimeoutFixture>
{
    private readonly StreamTimeoutFixture _fixture;

    public StreamTimeoutTests(StreamTimeoutFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task IdleStreamGets408StreamTimeout()
    {
        var before = await _fixture.Proxy.StatAsync("http.idle.downstream_rq_idle_timeout");

        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.IdlePort}/delay/3000");

        Assert.Equal(408, response.Status);
        Assert.Equal("stream timeout", response.Body);
        Assert.Equal(before + 1, await _fixture.Proxy.StatAsync("http.idle.downstream_rq_idle_timeout"));
    }

    [Fact]
    public async Task RouteIdleTimeoutOverridesTheManagersOne()
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.IdlePort}/patient/delay/1200");

        Assert.Equal(200, response.Status);
        Assert.Equal("delayed 1200", response.Body);
    }

    [Fact]
    public async Task ActiveStreamIsNotIdle()
    {
        // A client reading steadily at 4 MiB/s takes about 2 s for 8 MiB, four times the idle timeout; every
        // chunk the proxy moves is activity. (Not curl --limit-rate: it reads ahead in bursts, then stops reading
        // for up to a second to even out its average, and an unread connection for longer than the timeout is
        // idle.) The idle timer also covers the wait for the upstream's headers: the first /bytes request, through
        // the patient route, warms the in-process upstream's code for it, so that a busy test machine does not
        // make that wait alone exceed 0.5 s.
        Assert.Equal(200, (await Curl.GetAsync($"http://127.0.0.1:{_fixture.IdlePort}/patient/bytes/1")).Status);
        var result = await Python.RunAsync("steady_reader.py", _fixture.IdlePort.ToString(CultureInfo.InvariantCulture), "/bytes/8388608", "4194304");

        Assert.Equal("STATUS 200 BODY 8388608 COMPLETE true", result.StdOut.Trim());
    }

    [Fact]
    public async Task IncompleteRequestGets408RequestTimeout()
    {
        var before = await _fixture.Proxy.StatAsync("http.whole.downstream_rq_timeout");
        await using var connection = await RawConnection.ConnectAsync(_fixture.WholePort);

        // Half of the announced body, then nothing: the request never completes.
        await connection.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 408", response);
        Assert.EndsWith("request timeout", response);
        Assert.Equal(before + 1, await _fixture.Proxy.StatAsync("http.whole.downstream_rq_timeout"));
    }

    [Fact]
    public async Task RequestTimeoutDoesNotLimitTheResponse()
    {
        // request_timeout stops when the request is complete: a 1.5 s upstream answer still arrives.
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.WholePort}/delay/1500");

        Assert.Equal(200, response.Status);
    }
}
