namespace Proxy.Tls.ClientHello;

public enum ClientHelloParseResult
{
    /// <summary>A complete ClientHello was parsed.</summary>
    Parsed,

    /// <summary>It looks like TLS so far; more bytes are needed.</summary>
    NeedMoreData,

    /// <summary>Not a TLS ClientHello (plaintext, or garbage).</summary>
    NotTls,
}
