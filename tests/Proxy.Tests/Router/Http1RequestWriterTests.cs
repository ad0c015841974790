using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Router.Forwarding;

namespace Proxy.Tests.Router;

public sealed class Http1RequestWriterTests
{
    [Fact]
    public void The_head_has_the_request_line_host_first_the_forwarded_fields_and_the_framing()
    {
        var headers = new HeaderDictionary
        {
            ["host"] = "downstream.example",
            ["x-app"] = new(["1", "2"]),
            ["connection"] = "keep-alive, x-private",
            ["x-private"] = "secret",
            ["content-length"] = "3",
            ["expect"] = "100-continue",
            ["te"] = "trailers",
        };

        var head = Write("POST", "/p?q=1", "rewritten.example", headers, hasBody: true, contentLength: 3);

        Assert.Equal(
            "POST /p?q=1 HTTP/1.1\r\nHost: rewritten.example\r\nx-app: 1\r\nx-app: 2\r\nte: trailers\r\nContent-Length: 3\r\n\r\n",
            head);
    }

    [Theory]
    [InlineData("POST", false, null, "Content-Length: 0\r\n")]
    [InlineData("PUT", false, null, "Content-Length: 0\r\n")]
    [InlineData("GET", false, null, "")]
    [InlineData("DELETE", false, null, "")]
    [InlineData("POST", true, null, "Transfer-Encoding: chunked\r\n")]
    [InlineData("POST", true, 12L, "Content-Length: 12\r\n")]
    public void The_body_framing_follows_the_downstream_body(string method, bool hasBody, long? length, string framing)
    {
        var head = Write(method, "/", "h", new HeaderDictionary(), hasBody, length);

        Assert.Equal($"{method} / HTTP/1.1\r\nHost: h\r\n{framing}\r\n", head);
    }

    [Theory]
    [InlineData("x-a", "1\r\nx-injected: 2")]
    [InlineData("x-a", "1\n")]
    [InlineData("x-a", "a\0b")]
    public void A_field_that_would_split_the_request_is_refused(string name, string value)
    {
        var headers = new HeaderDictionary { [name] = value };

        Assert.Throws<InvalidOperationException>(() => Write("GET", "/", "h", headers, false, null));
    }

    [Fact]
    public void A_head_larger_than_the_first_buffer_is_written_whole()
    {
        var cookie = new string('c', 10_000);
        var headers = new HeaderDictionary { ["x-a"] = "1", ["cookie"] = cookie, ["x-b"] = "2" };

        var head = Write("GET", "/", "h", headers, false, null);

        Assert.Equal($"GET / HTTP/1.1\r\nHost: h\r\nx-a: 1\r\ncookie: {cookie}\r\nx-b: 2\r\n\r\n", head);
    }

    [Fact]
    public void Values_are_written_as_latin1()
    {
        var head = Write("GET", "/", "h", new HeaderDictionary { ["x-name"] = "caf\u00e9" }, false, null, Encoding.Latin1);

        Assert.Contains("x-name: caf\u00e9\r\n", head);
    }

    private static string Write(string method, string target, string authority, IHeaderDictionary headers, bool hasBody, long? contentLength, Encoding? encoding = null)
    {
        var buffer = Http1RequestWriter.Write(method, target, authority, headers, hasBody, contentLength, out var length);
        try
        {
            return (encoding ?? Encoding.ASCII).GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
