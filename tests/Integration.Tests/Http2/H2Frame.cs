using System.Text.Json;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// One HTTP/2 frame as the h2_*.py client logged it from the raw bytes (received or sent): its type, flags,
/// stream and length, plus what its type carries (error code, last stream id, settings, window increment, PING
/// data). <see cref="At"/> is seconds since the client connected.
/// </summary>
public sealed record H2Frame(
    string Type,
    int Flags,
    int Stream,
    int Length,
    double At,
    bool EndStream,
    bool Ack,
    int DataLength,
    string? Error,
    int? LastStream,
    long? Increment,
    string? Data,
    IReadOnlyDictionary<string, long> Settings)
{
    public static H2Frame Parse(JsonElement frame)
    {
        var settings = new Dictionary<string, long>();
        if (frame.TryGetProperty("settings", out var values))
        {
            foreach (var setting in values.EnumerateObject())
            {
                settings[setting.Name] = setting.Value.GetInt64();
            }
        }

        return new H2Frame(
            frame.GetProperty("type").GetString()!,
            frame.GetProperty("flags").GetInt32(),
            frame.GetProperty("stream").GetInt32(),
            frame.GetProperty("length").GetInt32(),
            frame.GetProperty("at").GetDouble(),
            frame.TryGetProperty("end_stream", out var end) && end.GetBoolean(),
            frame.TryGetProperty("ack", out var ack) && ack.GetBoolean(),
            frame.TryGetProperty("data_length", out var dataLength) ? dataLength.GetInt32() : 0,
            frame.TryGetProperty("error", out var error) ? error.GetString() : null,
            frame.TryGetProperty("last_stream", out var last) ? last.GetInt32() : null,
            frame.TryGetProperty("increment", out var increment) ? increment.GetInt64() : null,
            frame.TryGetProperty("data", out var data) ? data.GetString() : null,
            settings);
    }

    public override string ToString() =>
        $"{Type}(stream {Stream}, flags 0x{Flags:x}, {Length} B{(Error is null ? "" : ", " + Error)}{(LastStream is null ? "" : ", last " + LastStream)})";
}
