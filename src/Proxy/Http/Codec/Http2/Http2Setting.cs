namespace Proxy.Http.Codec.Http2;

/// <summary>SETTINGS parameters of RFC 9113 §6.5.2 (and RFC 8441's extended CONNECT, which this server does not offer).</summary>
internal enum Http2Setting : ushort
{
    HeaderTableSize = 0x1,
    EnablePush = 0x2,
    MaxConcurrentStreams = 0x3,
    InitialWindowSize = 0x4,
    MaxFrameSize = 0x5,
    MaxHeaderListSize = 0x6,
    EnableConnectProtocol = 0x8,
}
