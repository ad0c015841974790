using System.Buffers;
using Proxy.Http.Codec.Http2;

namespace Proxy.Tests.Http.Codec.Http2;

public sealed class Http2FrameHeaderTests
{
    [Fact]
    public void Written_header_reads_back_the_same()
    {
        var octets = new byte[Http2FrameHeader.Size];

        Http2FrameHeader.Write(octets, 0x123456, Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, 0x7fffffff);

        Assert.Equal(Convert.FromHexString("123456" + "01" + "05" + "7FFFFFFF"), octets);
        Assert.Equal(new Http2FrameHeader(0x123456, Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, 0x7fffffff), Http2FrameHeader.Read(octets));
        Assert.True(Http2FrameHeader.TryRead(new ReadOnlySequence<byte>(octets), out var header));
        Assert.Equal(0x123456, header.Length);
        Assert.True(header.Has(Http2FrameFlags.EndStream));
        Assert.False(header.Has(Http2FrameFlags.Padded));
    }

    [Fact]
    public void The_reserved_bit_of_the_stream_id_is_ignored_on_read()
    {
        var header = Http2FrameHeader.Read(Convert.FromHexString("000004" + "08" + "00" + "80000003"));

        Assert.Equal(3, header.StreamId);
        Assert.Equal(Http2FrameType.WindowUpdate, header.Type);
        Assert.Equal(4, header.Length);
    }

    [Fact]
    public void TryRead_reads_a_header_split_across_segments_and_ignores_what_follows()
    {
        var octets = Convert.FromHexString("000008" + "06" + "01" + "00000000" + "AABB");

        Assert.True(Http2FrameHeader.TryRead(Segments(octets[..4], octets[4..]), out var header));

        Assert.Equal(new Http2FrameHeader(8, Http2FrameType.Ping, Http2FrameFlags.Ack, 0), header);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    public void TryRead_with_fewer_than_nine_octets_is_false(int length)
    {
        var octets = Convert.FromHexString("000008" + "06" + "01" + "00000000")[..length];

        Assert.False(Http2FrameHeader.TryRead(new ReadOnlySequence<byte>(octets), out var header));
        Assert.Equal(default, header);
    }

    private static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var start = new Segment(first, 0);
        var end = start.Append(second);
        return new ReadOnlySequence<byte>(start, 0, end, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
