using System.Text.Json;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// The JSON object an h2_*.py script prints last (see Scripts/h2_common.py): the frames received and sent, the
/// streams, the GOAWAY h2 saw, whether and when the connection closed, an error h2 raised (a flow-control or
/// protocol violation by the proxy), and the script's own extra fields (read with <see cref="Int"/> and friends).
/// </summary>
public sealed class H2Report
{
    private readonly string _json;

    private H2Report(string json, JsonElement root)
    {
        _json = json;
        Root = root;
        Frames = root.GetProperty("frames").EnumerateArray().Select(H2Frame.Parse).ToList();
        Sent = root.GetProperty("sent").EnumerateArray().Select(H2Frame.Parse).ToList();
        Streams = root.GetProperty("streams").EnumerateObject().ToDictionary(s => int.Parse(s.Name, System.Globalization.CultureInfo.InvariantCulture), s => H2Stream.Parse(s.Value));
        Closed = root.GetProperty("closed").GetBoolean();
        ClosedAt = root.GetProperty("closed_at").ValueKind == JsonValueKind.Number ? root.GetProperty("closed_at").GetDouble() : null;
        ClientError = root.GetProperty("client_error").GetString();
        CloseReason = root.GetProperty("close_reason").GetString();
    }

    public JsonElement Root { get; }

    /// <summary>Frames received from the proxy, in order.</summary>
    public IReadOnlyList<H2Frame> Frames { get; }

    /// <summary>Frames the client sent (after the connection preface), in order.</summary>
    public IReadOnlyList<H2Frame> Sent { get; }

    public IReadOnlyDictionary<int, H2Stream> Streams { get; }

    /// <summary>True once the proxy closed the connection (or the client did, at the end of the script).</summary>
    public bool Closed { get; }

    public double? ClosedAt { get; }

    /// <summary>"peer closed", "recv failed: ..." (a reset), "client closed" (the script's own end) or "client error".</summary>
    public string? CloseReason { get; }

    /// <summary>The proxy ended the connection (FIN or RST) before the script was done with it.</summary>
    public bool ClosedByProxy => CloseReason is not null && (CloseReason == "peer closed" || CloseReason.StartsWith("recv failed", StringComparison.Ordinal) || CloseReason.StartsWith("send failed", StringComparison.Ordinal));

    /// <summary>What h2 raised on the proxy's frames (e.g. FlowControlError), or null.</summary>
    public string? ClientError { get; }

    public IEnumerable<H2Frame> Received(string type) => Frames.Where(f => f.Type == type);

    public IReadOnlyList<H2Frame> GoAways => Received("GOAWAY").ToList();

    /// <summary>The stream whose id the script reported under <paramref name="property"/>.</summary>
    public H2Stream Stream(string property) => Streams[Int(property)];

    public int Int(string property) => Root.GetProperty(property).GetInt32();

    public double Double(string property) => Root.GetProperty(property).GetDouble();

    public bool Bool(string property) => Root.GetProperty(property).GetBoolean();

    public bool IsNull(string property) => Root.GetProperty(property).ValueKind == JsonValueKind.Null;

    /// <summary>Frames received, one per line, for assertion messages.</summary>
    public string Describe() => string.Join("\n", Frames.Select(f => $"{f.At,7:0.000}s {f}"));

    public override string ToString() => _json;

    public static H2Report Parse(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException("no JSON report in the script's output:\n" + output);
        using var document = JsonDocument.Parse(line);
        return new H2Report(line, document.RootElement.Clone());
    }
}
