using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Errors;

/// <summary>
/// What Envoy's HTTP/1.1 codec does with requests it cannot accept: a local 4xx reply, then the connection
/// is closed (nothing after a framing error can be trusted), while other connections are unaffected.
/// </summary>
[Collection(ErrorsCollection.Name)]
public sealed class MalformedRequestTests
{
    private readonly ErrorsFixture _fixture;

    public MalformedRequestTests(ErrorsFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("\u0001\u0002\u0003 / HTTP/1.1\r\nHost: errors\r\n\r\n")]
    [InlineData("GET /up/echo HTTP/1.1\r\nHost errors\r\n\r\n")]
    public async Task GarbageRequestIs400AndClosed(string request)
    {
        var (response, closed) = await ExchangeAsync(request);

        Assert.StartsWith("HTTP/1.1 400 ", response);
        Assert.True(closed, "the proxy closes the connection after a protocol error");
    }

    [Fact]
    public async Task TwoDifferentContentLengthsAre400AndClosed()
    {
        var (response, closed) = await ExchangeAsync(
            "POST /up/echo HTTP/1.1\r\nHost: errors\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nhello");

        Assert.StartsWith("HTTP/1.1 400 ", response);
        Assert.True(closed, "the proxy closes the connection after a protocol error");
    }

    [Fact]
    public async Task HeadersOverMaxRequestHeadersKbAre431()
    {
        // max_request_headers_kb defaults to 60 KiB.
        var big = new string('a', 80 * 1024);
        var (response, closed) = await ExchangeAsync($"GET /up/echo HTTP/1.1\r\nHost: errors\r\nx-big: {big}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 ", response);
        Assert.True(closed, "the proxy closes the connection after a protocol error");
    }

    [Fact]
    public async Task SlowHeadersAre408WhileOtherConnectionsAreServed()
    {
        await using var slow = await RawConnection.ConnectAsync(_fixture.Port);
        await slow.SendAsync("GET /up/echo HTTP/1.1\r\nHost: errors\r\n");

        // While the slow client holds its half request, another connection is served.
        var other = await Curl.GetAsync(_fixture.Url("/up/echo"));
        Assert.Equal(200, other.Status);

        // request_headers_timeout is 0.5 s: the half-sent request is answered 408 and the connection closed.
        var closed = await slow.ReadToEndAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 408 ", slow.Received);
        Assert.True(closed, "the proxy closes the connection after the headers timeout");
    }

    private async Task<(string Response, bool Closed)> ExchangeAsync(string request)
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.Port);
        await connection.SendAsync(request);
        var closed = await connection.ReadToEndAsync(TimeSpan.FromSeconds(10));
        return (connection.Received, closed);
    }
}
