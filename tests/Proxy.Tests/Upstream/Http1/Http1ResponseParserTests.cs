using System.Net.Http;
using System.Text;
using Proxy.Upstream.Http1;

namespace Proxy.Tests.Upstream.Http1;

public sealed class Http1ResponseParserTests
{
    private static readonly Http1ParseLimits Limits = new(Http1ParseLimits.DefaultMaxHeaderBytes, 100, AllowChunkedLength: false);

    [Fact]
    public void A_complete_head_is_parsed_and_what_follows_is_left()
    {
        var head = Parse("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\ncontent-length: 5\r\nX-App:  a b \r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello", out var consumed);

        Assert.Equal(201, head.StatusCode);
        Assert.Equal(1, head.MinorVersion);
        Assert.Equal(BodyFraming.ContentLength, head.Framing);
        Assert.Equal(5, head.ContentLength);
        Assert.True(head.KeepAlive);
        Assert.Equal(
            [new("Content-Type", "text/plain"), new("Content-Length", "5"), new("X-App", "a b"), new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2")],
            head.Headers);
        Assert.Equal("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\ncontent-length: 5\r\nX-App:  a b \r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n".Length, consumed);
    }

    [Fact]
    public void Known_names_are_shared_strings_and_others_keep_their_spelling()
    {
        var head = Parse("HTTP/1.1 200 OK\r\ncontent-type: a\r\nX-Custom-Name: b\r\nContent-Length: 0\r\n\r\n", out _);

        Assert.Same("Content-Type", head.Headers[0].Key);
        Assert.Equal("X-Custom-Name", head.Headers[1].Key);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n")]
    [InlineData("HTTP/1.1 20")]
    [InlineData("")]
    public void An_incomplete_head_asks_for_more(string text)
    {
        Assert.False(Http1ResponseParser.TryParse(Encoding.ASCII.GetBytes(text), Limits, headRequest: false, out var consumed, out var head));
        Assert.Equal(0, consumed);
        Assert.Null(head);
    }

    [Fact]
    public void Bare_line_feeds_end_lines_and_the_reason_phrase_may_be_missing()
    {
        var head = Parse("HTTP/1.1 204\nServer: x\n\n", out var consumed);

        Assert.Equal(204, head.StatusCode);
        Assert.Equal(BodyFraming.None, head.Framing);
        Assert.Equal(24, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "Chunked", true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "UntilClose", false)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", "UntilClose", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", "None", true)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", "None", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "ContentLength", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "ContentLength", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n", "ContentLength", true)]
    public void The_framing_and_reuse_follow_RFC_9112(string text, string framing, bool keepAlive)
    {
        var head = Parse(text, out _);

        Assert.Equal(framing, head.Framing.ToString());
        Assert.Equal(keepAlive, head.KeepAlive);
    }

    [Fact]
    public void A_head_requests_response_has_no_body()
    {
        Assert.True(Http1ResponseParser.TryParse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"u8, Limits, headRequest: true, out _, out var head));
        Assert.Equal(BodyFraming.None, head!.Framing);
        Assert.True(head.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno-colon\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n: empty\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nx-a: 1\r\n folded\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nx-a: 1\r2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")]
    public void A_malformed_head_is_an_invalid_response(string text)
    {
        var error = Assert.Throws<HttpRequestException>(() => Parse(text, out _));
        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
    }

    [Fact]
    public void Allow_chunked_length_lets_chunked_win_and_drops_content_length()
    {
        var limits = Limits with { AllowChunkedLength = true };

        Assert.True(Http1ResponseParser.TryParse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"u8, limits, false, out _, out var head));

        Assert.Equal(BodyFraming.Chunked, head!.Framing);
        Assert.False(head.KeepAlive);
        Assert.DoesNotContain(head.Headers, h => h.Key == "Content-Length");
    }

    [Fact]
    public void Repeated_identical_content_lengths_are_one()
    {
        var head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n", out _);

        Assert.Equal(4, head.ContentLength);
    }

    [Fact]
    public void Too_many_fields_or_too_large_a_head_is_an_invalid_response()
    {
        var many = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 3).Select(i => $"x-{i}: v\r\n")) + "\r\n";
        var tight = new Http1ParseLimits(64, 2, false);

        Assert.Throws<HttpRequestException>(() => Http1ResponseParser.TryParse(Encoding.ASCII.GetBytes(many), tight with { MaxHeaderBytes = 1000 }, false, out _, out _));
        Assert.Throws<HttpRequestException>(() => Http1ResponseParser.TryParse(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nx: " + new string('a', 100)), tight, false, out _, out _));
    }

    [Fact]
    public void The_next_head_on_a_connection_reuses_the_strings_of_equal_fields()
    {
        var first = Parse("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Mon, 23 Nov 2026 22:00:00 GMT\r\nX-Build: abc\r\nContent-Length: 5\r\n\r\n", out _);

        var next = Parse("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Mon, 23 Nov 2026 22:00:01 GMT\r\nX-Build: abc\r\nContent-Length: 5\r\n\r\n", first);

        Assert.Equal(
            [new("Server", "nginx"), new("Date", "Mon, 23 Nov 2026 22:00:01 GMT"), new("X-Build", "abc"), new("Content-Length", "5")],
            next.Headers);
        Assert.Same(first.Headers[0].Value, next.Headers[0].Value);
        Assert.NotSame(first.Headers[1].Value, next.Headers[1].Value);
        Assert.Same(first.Headers[2].Key, next.Headers[2].Key);
        Assert.Same(first.Headers[2].Value, next.Headers[2].Value);
        Assert.Same(first.Headers[3].Value, next.Headers[3].Value);
        Assert.Equal(5, next.ContentLength);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nx-build: abc\r\nContent-Length: 7\r\n\r\n", "x-build", "abc", "7")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Other: abc\r\nContent-Length: 5\r\n\r\n", "X-Other", "abc", "5")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Build: ab\xe9\r\nContent-Length: 5\r\n\r\n", "X-Build", "ab\u00e9", "5")]
    public void A_field_that_changed_gets_its_own_name_and_value(string text, string name, string value, string length)
    {
        var first = Parse("HTTP/1.1 200 OK\r\nX-Build: abc\r\nContent-Length: 5\r\n\r\n", out _);

        var next = Parse(text, first);

        Assert.Equal([new(name, value), new("Content-Length", length)], next.Headers);
        Assert.Equal(long.Parse(length, System.Globalization.CultureInfo.InvariantCulture), next.ContentLength);
    }

    [Fact]
    public void A_head_with_more_fields_than_the_previous_one_is_parsed_whole()
    {
        var first = Parse("HTTP/1.1 204 No Content\r\nServer: nginx\r\n\r\n", out _);

        var next = Parse("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 2\r\nConnection: close\r\n\r\n", first);

        Assert.Equal([new("Server", "nginx"), new("Content-Length", "2"), new("Connection", "close")], next.Headers);
        Assert.False(next.KeepAlive);
    }

    private static Http1ResponseHead Parse(string text, out int consumed)
    {
        Assert.True(Http1ResponseParser.TryParse(Encoding.Latin1.GetBytes(text), Limits, headRequest: false, out consumed, out var head));
        return head!;
    }

    private static Http1ResponseHead Parse(string text, Http1ResponseHead previous)
    {
        Assert.True(Http1ResponseParser.TryParse(Encoding.Latin1.GetBytes(text), Limits, headRequest: false, out _, out var head, previous));
        return head!;
    }
}
