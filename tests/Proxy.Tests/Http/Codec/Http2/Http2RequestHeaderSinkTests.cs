using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Http.Codec.Http2;

namespace Proxy.Tests.Http.Codec.Http2;

public sealed class Http2RequestHeaderSinkTests
{
    private readonly HeaderDictionary _headers = new();
    private readonly Http2RequestHeaderSink _sink = new(maxHeaderCount: 5);

    public Http2RequestHeaderSinkTests() => _sink.Reset(_headers, trailers: false);

    [Fact]
    public void A_valid_request_gives_its_pseudo_headers_and_its_fields()
    {
        Feed((":method", "POST"), (":scheme", "https"), (":authority", "example.com:8443"), (":path", "/a?b=c"),
            ("content-type", "text/plain"), ("x-custom", "1"), ("x-custom", "2"), ("te", "trailers"));

        Assert.Null(_sink.Malformed);
        Assert.False(_sink.TooManyHeaders);
        Assert.Equal("POST", _sink.Method);
        Assert.Same(HttpMethods.Post, _sink.Method);
        Assert.Equal("https", _sink.Scheme);
        Assert.Equal("example.com:8443", _sink.Authority);
        Assert.Equal("/a?b=c", _sink.Path);
        Assert.Null(_sink.Protocol);
        Assert.Equal("text/plain", _headers["content-type"]);
        Assert.Equal(["1", "2"], (IEnumerable<string?>)_headers["x-custom"]);
        Assert.Equal("trailers", _headers["te"]);
        Assert.Equal(3, _headers.Count);
    }

    [Theory]
    [InlineData("Content-Type", "text/plain")] // uppercase (RFC 9113 §8.2.1)
    [InlineData("x-a b", "1")] // not a token
    [InlineData("x-a:b", "1")]
    [InlineData("connection", "close")] // connection-specific (§8.2.2)
    [InlineData("keep-alive", "timeout=5")]
    [InlineData("proxy-connection", "keep-alive")]
    [InlineData("transfer-encoding", "chunked")]
    [InlineData("upgrade", "websocket")]
    [InlineData("te", "gzip")] // te other than "trailers"
    [InlineData("te", "trailers, gzip")]
    [InlineData("x-a", "a\rb")] // CR, LF, NUL in a value (§8.2.1)
    [InlineData("x-a", "a\nb")]
    [InlineData("x-a", "a\0b")]
    [InlineData(":status", "200")] // a response pseudo-header (§8.3)
    [InlineData(":unknown", "x")]
    [InlineData(":method", "GET")] // repeated
    [InlineData(":path", "/again")]
    [InlineData(":scheme", "http")]
    [InlineData(":authority", "other")]
    [InlineData("", "empty name")]
    public void A_malformed_field_makes_the_block_malformed(string name, string value)
    {
        Feed((":method", "GET"), (":scheme", "http"), (":authority", "example.com"), (":path", "/"), (name, value));

        Assert.NotNull(_sink.Malformed);
    }

    [Fact]
    public void A_pseudo_header_after_a_regular_field_is_malformed()
    {
        Feed((":method", "GET"), ("x-a", "1"), (":path", "/"));

        Assert.Equal("pseudo-header after a regular header", _sink.Malformed);
    }

    [Fact]
    public void A_pseudo_header_in_trailers_is_malformed()
    {
        _sink.Reset(_headers, trailers: true);

        Feed((":path", "/"));

        Assert.True(_sink.Trailers);
        Assert.Equal("pseudo-header in trailers", _sink.Malformed);
    }

    [Fact]
    public void Fields_after_the_first_fault_are_not_kept()
    {
        Feed((":method", "GET"), ("x-a", "1"), ("Bad", "2"), ("x-c", "3"));

        Assert.NotNull(_sink.Malformed);
        Assert.Equal(["x-a"], _headers.Keys);
    }

    [Fact]
    public void Reset_forgets_the_previous_block()
    {
        Feed((":method", "GET"), (":path", "/"), ("Bad", "1"));

        var next = new HeaderDictionary();
        _sink.Reset(next, trailers: false);
        Feed((":method", "PUT"), (":path", "/next"), ("x-a", "1"));

        Assert.Null(_sink.Malformed);
        Assert.Equal("PUT", _sink.Method);
        Assert.Equal("/next", _sink.Path);
        Assert.Null(_sink.Scheme);
        Assert.Equal("1", next["x-a"]);
    }

    [Fact]
    public void Trailers_may_carry_te_trailers_and_regular_fields()
    {
        _sink.Reset(_headers, trailers: true);

        Feed(("grpc-status", "0"), ("grpc-message", "ok"));

        Assert.Null(_sink.Malformed);
        Assert.Equal("0", _headers["grpc-status"]);
    }

    [Fact]
    public void Cookie_crumbs_are_joined_with_a_semicolon_and_a_space()
    {
        Feed((":method", "GET"), ("cookie", "a=1"), ("x-a", "1"), ("cookie", "b=2"), ("cookie", "c=3"));

        Assert.Null(_sink.Malformed);
        Assert.Equal("a=1; b=2; c=3", Assert.Single(_headers["cookie"].ToArray()));
    }

    [Fact]
    public void The_protocol_pseudo_header_is_kept_for_the_connection_to_refuse()
    {
        Feed((":method", "CONNECT"), (":protocol", "websocket"));

        Assert.Null(_sink.Malformed);
        Assert.Equal("websocket", _sink.Protocol);
    }

    [Fact]
    public void More_fields_than_the_maximum_count_is_TooManyHeaders_not_malformed()
    {
        Feed((":method", "GET"), (":path", "/"), ("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5"));
        Assert.False(_sink.TooManyHeaders);

        Feed(("f", "6"));

        Assert.True(_sink.TooManyHeaders);
        Assert.Null(_sink.Malformed);
        Assert.False(_headers.ContainsKey("f"));
    }

    [Fact]
    public void A_known_name_is_the_shared_string()
    {
        Feed((":method", "GET"), ("user-agent", "test"));

        Assert.Same(Http2HeaderNames.Find("user-agent"u8)!.Name, _headers.Keys.Single());
    }

    private void Feed(params (string Name, string Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            _sink.OnHeader(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));
        }
    }
}
