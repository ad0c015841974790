namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>What the server sent on one stream, up to END_STREAM or RST_STREAM.</summary>
internal sealed class Http2TestResponse
{
    /// <summary>Every frame read meanwhile, on any stream, in order.</summary>
    public List<Http2TestFrame> Frames { get; } = [];

    /// <summary>The first header block (the response head), decoded.</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    /// <summary>A second header block (trailers), decoded; null when none came.</summary>
    public List<(string Name, string Value)>? Trailers { get; set; }

    public List<Http2TestFrame> DataFrames { get; } = [];

    public MemoryStream Body { get; } = new();

    /// <summary>The RST_STREAM that ended the stream, or null.</summary>
    public Http2TestFrame? Reset { get; set; }

    public string? Status => Header(":status");

    public string? Header(string name) => Headers.Find(h => h.Name == name).Value;
}
