using System.Text;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http;

/// <summary>
/// Downstream HTTP/1.1 connections over raw sockets, the way clients use one connection: several requests in
/// turn or pipelined, bodies both ways with each framing, a malformed request after good ones, and the
/// connection's idle_timeout.
/// </summary>
public sealed class Http1ConnectionTests : IClassFixture<Http1ConnectionFixture>
{
    private readonly Http1ConnectionFixture _fixture;

    public Http1ConnectionTests(Http1ConnectionFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ConsecutiveRequestsShareTheConnectionAndGetDateAndLength()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        var first = await ExchangeAsync(connection, "GET /first HTTP/1.1\r\nHost: a\r\n\r\n");
        var second = await ExchangeAsync(connection, "GET /second HTTP/1.1\r\nHost: a\r\n\r\n");

        foreach (var response in new[] { first, second })
        {
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
            Assert.Contains("\r\ndate: ", response, StringComparison.OrdinalIgnoreCase);
            Assert.EndsWith("\r\n\r\n2\r\nup\r\n0\r\n\r\n", response, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("connection: close", first + second, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PipelinedRequestsAreAnsweredInOrder()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        await connection.SendAsync("GET /echo?n=1 HTTP/1.1\r\nHost: a\r\n\r\nGET /echo?n=2 HTTP/1.1\r\nHost: a\r\n\r\nGET /status/204 HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.ReadUntilAsync(text => Count(text, "HTTP/1.1 ") == 3 && text.EndsWith("\r\n\r\n", StringComparison.Ordinal));

        var text = connection.Received;
        Assert.True(text.IndexOf("n=1", StringComparison.Ordinal) < text.IndexOf("n=2", StringComparison.Ordinal));
        Assert.Contains("HTTP/1.1 204 No Content\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionCloseIsAnsweredWithCloseAndTheConnectionEnds()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.True(await connection.ReadToEndAsync());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", connection.Received, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", connection.Received, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HeadGetsTheLengthWithoutTheBodyAndTheConnectionGoesOn()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        await connection.SendAsync("HEAD /bytes/5000 HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.ReadUntilAsync(text => text.EndsWith("\r\n\r\n", StringComparison.Ordinal));
        var head = connection.Received;
        var next = await ExchangeAsync(connection, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Contains("\r\nContent-Length: 5000\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", next[head.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResponseOfUnknownLengthIsChunked()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        // The upstream answers /delay without Content-Length.
        await connection.SendAsync("GET /delay/1 HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.ReadUntilAsync(text => text.EndsWith("0\r\n\r\n", StringComparison.Ordinal));

        var text = connection.Received;
        Assert.Contains("\r\nTransfer-Encoding: chunked\r\n", text, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n9\r\ndelayed 1\r\n0\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestBodyOfKnownLengthReachesTheUpstreamAndTheNextRequestFollows()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);
        var body = new string('b', 100_000);

        // Body and the next request in one write: the body must end exactly at its length.
        await connection.SendAsync($"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: {body.Length}\r\n\r\n{body}GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.ReadUntilAsync(text => text.EndsWith("\r\n2\r\nup\r\n0\r\n\r\n", StringComparison.Ordinal));

        Assert.Contains("received 100000", connection.Received, StringComparison.Ordinal);
        Assert.Equal(2, Count(connection.Received, "HTTP/1.1 200 OK\r\n"));
    }

    [Fact]
    public async Task AChunkedRequestMidConnectionIsServedAndSoAreTheRequestsAfterIt()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        var plain = await ExchangeAsync(connection, "GET /plain HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.SendAsync("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        await connection.ReadUntilAsync(text => text.Length > plain.Length && text.EndsWith("0\r\n\r\n", StringComparison.Ordinal));
        var chunked = connection.Received[plain.Length..];
        var after = (await ExchangeAsync(connection, "GET /after HTTP/1.1\r\nHost: a\r\n\r\n"))[(plain.Length + chunked.Length)..];

        Assert.Contains("received 11", chunked, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", after, StringComparison.Ordinal);
        Assert.Contains(_fixture.Upstream.Requests, r => r.RawTarget == "/after");
    }

    [Fact]
    public async Task AMalformedRequestAfterAGoodOneGets400AndTheConnectionCloses()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        var plain = await ExchangeAsync(connection, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n");
        await connection.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", connection.Received[plain.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHeadSplitOverWritesIsServed()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);

        await connection.SendAsync("GET /split HTTP/1.1\r\nHo");
        await Task.Delay(100);
        await connection.SendAsync("st: a\r\n\r\n");
        await connection.ReadUntilAsync(text => text.EndsWith("\r\n2\r\nup\r\n0\r\n\r\n", StringComparison.Ordinal));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", connection.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdleConnectionIsClosedAfterIdleTimeout()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);
        await ExchangeAsync(connection, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var before = await _fixture.Proxy.StatAsync("http.http1.downstream_cx_destroy");

        // idle_timeout is 1 s; the sweep runs each second.
        Assert.True(await connection.ReadToEndAsync(TimeSpan.FromSeconds(10)));
        await Eventually.UntilAsync(() => _fixture.Proxy.StatAsync("http.http1.downstream_cx_destroy"), destroyed => destroyed > before, "the connection counted as destroyed");
    }

    private static async Task<string> ExchangeAsync(RawConnection connection, string request)
    {
        var before = connection.Received.Length;
        await connection.SendAsync(Encoding.ASCII.GetBytes(request));
        await connection.ReadUntilAsync(text => RawConnection.IsCompleteResponse(text[before..]));
        return connection.Received;
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
