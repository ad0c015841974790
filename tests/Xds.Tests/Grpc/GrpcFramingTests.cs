using Envoy.Config.Core.V3;
using Proxy.Xds.Grpc;

namespace Proxy.Xds.Tests.Grpc;

public sealed class GrpcFramingTests
{
    [Fact]
    public async Task A_frame_carries_a_zero_flag_and_a_big_endian_length_and_reads_back_across_split_reads()
    {
        var node = new Node { Id = "a-node" };
        var frame = GrpcFraming.Frame(node);

        Assert.Equal(0, frame[0]);
        Assert.Equal(node.CalculateSize(), (frame[1] << 24) | (frame[2] << 16) | (frame[3] << 8) | frame[4]);
        var read = await GrpcFraming.ReadAsync(new TrickleStream(frame), CancellationToken.None);
        Assert.Equal("a-node", Node.Parser.ParseFrom(read).Id);
    }

    [Fact]
    public async Task A_compressed_frame_is_refused_and_a_truncated_one_is_an_error()
    {
        var frame = GrpcFraming.Frame(new Node { Id = "x" });
        frame[0] = 1;

        var compressed = await Assert.ThrowsAsync<GrpcException>(async () => await GrpcFraming.ReadAsync(new MemoryStream(frame), CancellationToken.None));
        var truncated = await Assert.ThrowsAsync<GrpcException>(async () => await GrpcFraming.ReadAsync(new MemoryStream(frame[..6]), CancellationToken.None));

        Assert.Contains("compressed", compressed.Status.Message, StringComparison.Ordinal);
        Assert.Equal(GrpcStatus.Internal, truncated.Status.Code);
        Assert.Null(await GrpcFraming.ReadAsync(new MemoryStream([]), CancellationToken.None));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("bad%20config%3A%20x", "bad config: x")]
    [InlineData("caf%C3%A9", "café")]
    [InlineData("100%", "100%")]
    public void Grpc_message_is_percent_decoded(string wire, string expected) => Assert.Equal(expected, GrpcFraming.DecodeMessage(wire));

    [Theory]
    [InlineData(404, GrpcStatus.Unimplemented)]
    [InlineData(503, GrpcStatus.Unavailable)]
    [InlineData(401, GrpcStatus.Unauthenticated)]
    [InlineData(400, GrpcStatus.Internal)]
    [InlineData(500, GrpcStatus.Unknown)]
    public void Http_status_maps_to_the_grpc_code(int http, int code) => Assert.Equal(code, GrpcStatus.FromHttpStatus(http));

    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(2, buffer.Length)], cancellationToken);
    }
}
