using System.Buffers;
using System.IO.Pipelines;
using Proxy.Http.Codec.Http2;

namespace Proxy.Tests.Http.Codec.Http2;

public sealed class Http2FrameWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Pipe _pipe = new();
    private readonly Http2FrameWriter _writer;

    public Http2FrameWriterTests() => _writer = new Http2FrameWriter(_pipe.Writer);

    [Fact]
    public async Task SETTINGS_is_a_frame_on_stream_0_with_six_octets_per_parameter()
    {
        _writer.WriteSettings([(Http2Setting.MaxConcurrentStreams, 100), (Http2Setting.InitialWindowSize, 0x10000)]);

        Assert.Equal("00000C" + "04" + "00" + "00000000" + "0003" + "00000064" + "0004" + "00010000", await FlushedHexAsync());
    }

    [Fact]
    public async Task SETTINGS_ACK_is_empty_with_the_ACK_flag()
    {
        _writer.WriteSettingsAck();

        Assert.Equal("000000" + "04" + "01" + "00000000", await FlushedHexAsync());
    }

    [Fact]
    public async Task PING_carries_its_eight_opaque_octets_with_or_without_ACK()
    {
        _writer.WritePing(0x0102030405060708, ack: true);
        _writer.WritePing(0xF0E0D0C0B0A09080, ack: false);

        Assert.Equal(
            "000008" + "06" + "01" + "00000000" + "0102030405060708"
            + "000008" + "06" + "00" + "00000000" + "F0E0D0C0B0A09080",
            await FlushedHexAsync());
    }

    [Fact]
    public async Task WINDOW_UPDATE_carries_the_increment_on_its_stream()
    {
        _writer.WriteWindowUpdate(3, 0x10000);
        _writer.WriteWindowUpdate(0, 0x7fffffff);

        Assert.Equal(
            "000004" + "08" + "00" + "00000003" + "00010000"
            + "000004" + "08" + "00" + "00000000" + "7FFFFFFF",
            await FlushedHexAsync());
    }

    [Fact]
    public async Task RST_STREAM_carries_the_error_code()
    {
        _writer.WriteRstStream(5, Http2ErrorCode.Cancel);

        Assert.Equal("000004" + "03" + "00" + "00000005" + "00000008", await FlushedHexAsync());
    }

    [Fact]
    public async Task GOAWAY_carries_the_last_stream_id_and_the_error_code_on_stream_0()
    {
        _writer.WriteGoAway(7, Http2ErrorCode.ProtocolError);

        Assert.Equal("000008" + "07" + "00" + "00000000" + "00000007" + "00000001", await FlushedHexAsync());
    }

    [Fact]
    public async Task GOAWAY_carries_a_reason_as_debug_data_cut_to_256_characters()
    {
        _writer.WriteGoAway(3, Http2ErrorCode.ProtocolError, "bad");
        _writer.WriteGoAway(3, Http2ErrorCode.ProtocolError, new string('x', 300));

        var hex = await FlushedHexAsync();
        Assert.StartsWith("00000B" + "07" + "00" + "00000000" + "00000003" + "00000001" + "626164" + "000108" + "07", hex);
        Assert.Equal((9 + 11 + 9 + 8 + 256) * 2, hex.Length);
    }

    [Fact]
    public async Task DATA_carries_its_payload_and_END_STREAM_when_asked()
    {
        _writer.WriteData(1, [0xAA, 0xBB], endStream: false);
        _writer.WriteData(1, [], endStream: true);

        Assert.Equal("000002" + "00" + "00" + "00000001" + "AABB" + "000000" + "00" + "01" + "00000001", await FlushedHexAsync());
    }

    [Fact]
    public async Task A_short_header_block_is_one_HEADERS_frame_with_END_HEADERS()
    {
        _writer.WriteHeaders(3, [0x88], endStream: true);
        _writer.WriteHeaders(5, [0x89], endStream: false);

        Assert.Equal(
            "000001" + "01" + "05" + "00000003" + "88"
            + "000001" + "01" + "04" + "00000005" + "89",
            await FlushedHexAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_block_longer_than_the_frame_size_goes_on_in_CONTINUATION_frames(bool endStream)
    {
        var block = new byte[(2 * Http2FrameWriter.DefaultMaxFrameSize) + 100];
        Random.Shared.NextBytes(block);

        _writer.WriteHeaders(1, block, endStream);
        var frames = Parse(await FlushedAsync());

        Assert.Equal([Http2FrameType.Headers, Http2FrameType.Continuation, Http2FrameType.Continuation], frames.Select(f => f.Type));
        Assert.Equal([16384, 16384, 100], frames.Select(f => f.Length));
        Assert.All(frames, f => Assert.Equal(1, f.StreamId));
        var endStreamFlag = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        Assert.Equal([endStreamFlag, Http2FrameFlags.None, Http2FrameFlags.EndHeaders], frames.Select(f => f.Header.Flags));
        Assert.Equal(block, frames.SelectMany(f => f.Payload));
    }

    [Fact]
    public async Task The_peers_larger_max_frame_size_makes_fewer_frames()
    {
        var block = new byte[20000];

        _writer.MaxFrameSize = 32768;
        _writer.WriteHeaders(1, block, endStream: false);
        var frames = Parse(await FlushedAsync());

        var frame = Assert.Single(frames);
        Assert.Equal(20000, frame.Length);
        Assert.Equal(Http2FrameFlags.EndHeaders, frame.Header.Flags);
    }

    [Fact]
    public async Task After_Close_writes_are_dropped_and_FlushAsync_is_false()
    {
        _writer.Close();
        _writer.WriteSettings([(Http2Setting.MaxConcurrentStreams, 1)]);
        _writer.WriteSettingsAck();
        _writer.WritePing(1, ack: true);
        _writer.WriteWindowUpdate(0, 1);
        _writer.WriteRstStream(1, Http2ErrorCode.Cancel);
        _writer.WriteGoAway(1, Http2ErrorCode.NoError);
        _writer.WriteHeaders(1, [0x88], endStream: true);
        _writer.WriteData(1, [1, 2, 3], endStream: true);

        Assert.True(_writer.IsClosed);
        Assert.False(await _writer.FlushAsync());
        Assert.Equal(0, _pipe.Writer.UnflushedBytes);
        await _pipe.Writer.CompleteAsync();
        var read = await _pipe.Reader.ReadAsync();
        Assert.True(read.Buffer.IsEmpty);
    }

    [Fact]
    public async Task FlushAsync_with_nothing_written_is_true()
    {
        Assert.True(await _writer.FlushAsync());
    }

    [Fact]
    public async Task FlushAsync_is_false_once_the_reader_is_gone()
    {
        _writer.WriteSettingsAck();
        await _pipe.Reader.CompleteAsync();

        Assert.False(await _writer.FlushAsync());
    }

    [Fact]
    public async Task A_flush_asked_for_while_one_waits_joins_it_and_both_complete_once_the_reader_reads()
    {
        // A reader that is behind: every flush waits until it reads.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 10, resumeWriterThreshold: 5, useSynchronizationContext: false));
        var writer = new Http2FrameWriter(pipe.Writer);

        writer.WritePing(1, ack: false);
        var first = writer.FlushAsync();
        Assert.False(first.IsCompleted);
        writer.WritePing(2, ack: false);
        var second = writer.FlushAsync();
        writer.WritePing(3, ack: false);
        var third = writer.FlushAsync();
        Assert.False(second.IsCompleted);

        var received = await ReadAtLeastAsync(pipe.Reader, 3 * 17);

        Assert.True(await first.AsTask().WaitAsync(Timeout));
        Assert.True(await second.AsTask().WaitAsync(Timeout));
        Assert.True(await third.AsTask().WaitAsync(Timeout));
        Assert.Equal([1UL, 2UL, 3UL], Parse(received).Select(f => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(f.Payload)));
    }

    [Fact]
    public async Task Close_while_a_flush_waits_releases_the_flush_that_joined_it_with_false()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 10, resumeWriterThreshold: 5, useSynchronizationContext: false));
        var writer = new Http2FrameWriter(pipe.Writer);
        writer.WritePing(1, ack: false);
        var first = writer.FlushAsync();
        writer.WritePing(2, ack: false);
        var second = writer.FlushAsync();

        writer.Close();

        Assert.False(await second.AsTask().WaitAsync(Timeout));
        await pipe.Reader.CompleteAsync();
        Assert.False(await first.AsTask().WaitAsync(Timeout));
    }

    private static async Task<byte[]> ReadAtLeastAsync(PipeReader reader, int length)
    {
        var received = new List<byte>();
        using var timeout = new CancellationTokenSource(Timeout);
        while (received.Count < length)
        {
            var result = await reader.ReadAsync(timeout.Token);
            received.AddRange(result.Buffer.ToArray());
            reader.AdvanceTo(result.Buffer.End);
        }

        return [.. received];
    }

    private static List<Http2TestFrame> Parse(byte[] octets)
    {
        var frames = new List<Http2TestFrame>();
        var at = 0;
        while (at < octets.Length)
        {
            var header = Http2FrameHeader.Read(octets.AsSpan(at));
            frames.Add(new Http2TestFrame(header, octets.AsSpan(at + Http2FrameHeader.Size, header.Length).ToArray()));
            at += Http2FrameHeader.Size + header.Length;
        }

        return frames;
    }

    private async Task<byte[]> FlushedAsync()
    {
        Assert.True(await _writer.FlushAsync());
        var result = await _pipe.Reader.ReadAsync();
        var octets = result.Buffer.ToArray();
        _pipe.Reader.AdvanceTo(result.Buffer.End);
        return octets;
    }

    private async Task<string> FlushedHexAsync() => Convert.ToHexString(await FlushedAsync());
}
