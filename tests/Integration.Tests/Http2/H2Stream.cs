using System.Text.Json;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// What the h2_*.py client received on one stream: the final response's status and headers (pseudo-headers
/// left out), the body (its first 4 KiB as Latin-1 text, and its full length), trailers, and how it ended:
/// END_STREAM (<see cref="Ended"/>, <see cref="HeadersEndStream"/> when on the HEADERS frame itself) or
/// RST_STREAM (<see cref="Reset"/>, the error code).
/// </summary>
public sealed record H2Stream(
    int? Status,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Trailers,
    bool Ended,
    string? Reset,
    bool HeadersEndStream,
    int DataFrames,
    int DataFramesWithPayload,
    long BodyLength,
    string Body)
{
    public static H2Stream Parse(JsonElement stream) => new(
        stream.GetProperty("status").ValueKind == JsonValueKind.Number ? stream.GetProperty("status").GetInt32() : null,
        Strings(stream.GetProperty("headers")),
        Strings(stream.GetProperty("trailers")),
        stream.GetProperty("ended").GetBoolean(),
        stream.GetProperty("reset").GetString(),
        stream.GetProperty("headers_end_stream").GetBoolean(),
        stream.GetProperty("data_frames").GetInt32(),
        stream.GetProperty("data_frames_with_payload").GetInt32(),
        stream.GetProperty("body_length").GetInt64(),
        stream.GetProperty("body").GetString()!);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> Strings(JsonElement element)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = property.Value.GetString()!;
        }

        return values;
    }
}
