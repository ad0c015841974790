using System.Text;
using Bench.Floor;

namespace Bench.Runner.Tests.Floor;

public sealed class HeadScannerTests
{
    [Fact]
    public void AHeadEndsAfterItsBlankLine()
    {
        Assert.Equal(-1, HeadScanner.HeadLength(Bytes("GET / HTTP/1.1\r\nHost: a\r\n")));
        Assert.Equal(27, HeadScanner.HeadLength(Bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET")));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 0)]
    [InlineData("POST / HTTP/1.1\r\ncontent-LENGTH:  12 \r\n\r\n", 12)]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", -1)]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", -1)]
    [InlineData("POST / HTTP/1.1\r\nno colon\r\n\r\n", -1)]
    public void ARequestBodyIsItsContentLength(string head, long expected) =>
        Assert.Equal(expected, HeadScanner.RequestBodyLength(Bytes(head)));

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n", 1024)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", 0)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", 0)]
    [InlineData("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", -1)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", -1)]
    public void AResponseWithoutALengthCannotBeFramed(string head, long expected) =>
        Assert.Equal(expected, HeadScanner.ResponseBodyLength(Bytes(head)));

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);
}
