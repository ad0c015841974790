using System.Net.Http;
using System.Text;
using Proxy.Upstream.Http1;

namespace Proxy.Tests.Upstream.Http1;

public sealed class Http1ChunkSizeTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1a", 26)]
    [InlineData("FF", 255)]
    [InlineData("10;name=value", 16)]
    [InlineData("10 ; ext", 16)]
    public void Chunk_sizes_are_hex_and_extensions_are_ignored(string line, long size)
    {
        Assert.Equal(size, Http1ResponseBody.ParseChunkSize(Encoding.ASCII.GetBytes(line)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("g")]
    [InlineData("-1")]
    [InlineData(";ext")]
    [InlineData("1000000000000000")]
    public void A_bad_chunk_size_is_an_invalid_response(string line)
    {
        var error = Assert.Throws<HttpRequestException>(() => Http1ResponseBody.ParseChunkSize(Encoding.ASCII.GetBytes(line)));
        Assert.Equal(HttpRequestError.InvalidResponse, error.HttpRequestError);
    }
}
