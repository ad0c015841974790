using System.Buffers.Binary;
using Proxy.Http.Codec.Http2;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>One frame the server sent, as the test client parsed it.</summary>
internal sealed record Http2TestFrame(Http2FrameHeader Header, byte[] Payload)
{
    public Http2FrameType Type => Header.Type;

    public int StreamId => Header.StreamId;

    public int Length => Header.Length;

    public bool Has(Http2FrameFlags flag) => Header.Has(flag);

    /// <summary>RST_STREAM's code, or GOAWAY's (after its last stream id).</summary>
    public Http2ErrorCode ErrorCode => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Type == Http2FrameType.GoAway ? Payload.AsSpan(4) : Payload);

    /// <summary>GOAWAY's last stream id.</summary>
    public int LastStreamId => (int)(BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7fffffffu);

    /// <summary>GOAWAY's debug data, as text.</summary>
    public string DebugData => System.Text.Encoding.ASCII.GetString(Payload.AsSpan(8));

    /// <summary>WINDOW_UPDATE's increment.</summary>
    public int Increment => (int)(BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7fffffffu);

    /// <summary>SETTINGS' parameters, in order.</summary>
    public List<(Http2Setting Id, uint Value)> Settings()
    {
        var settings = new List<(Http2Setting, uint)>();
        for (var at = 0; at < Payload.Length; at += 6)
        {
            settings.Add(((Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(at)), BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(at + 2))));
        }

        return settings;
    }

    public override string ToString() => $"{Type} stream {StreamId} flags {Header.Flags} length {Length}";
}
