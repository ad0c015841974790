namespace Proxy.Http.Codec.Http2;

/// <summary>
/// A peer broke RFC 9113. With a <see cref="StreamId"/> of 0 it is a connection error (§5.4.1: GOAWAY with the
/// code, then close); otherwise a stream error (§5.4.2: RST_STREAM on that stream, the connection goes on).
/// Thrown only while the read loop handles a frame, never on the request's path.
/// </summary>
internal sealed class Http2ProtocolException(Http2ErrorCode code, string message, int streamId = 0) : Exception(message)
{
    public Http2ErrorCode Code { get; } = code;

    public int StreamId { get; } = streamId;
}
