using System.Text.Json;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>What <see cref="TestUpstream"/>'s <c>/echo</c> reports about the request it received.</summary>
public sealed record EchoResponse(string Method, string Path, string Protocol, IReadOnlyDictionary<string, string> Headers, long BodyBytes, string Upstream)
{
    public static EchoResponse Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in root.GetProperty("headers").EnumerateObject())
        {
            headers[header.Name] = header.Value.GetString() ?? "";
        }

        return new EchoResponse(
            root.GetProperty("method").GetString()!,
            root.GetProperty("path").GetString()!,
            root.GetProperty("protocol").GetString()!,
            headers,
            root.GetProperty("bodyBytes").GetInt64(),
            root.GetProperty("upstream").GetString()!);
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The values of a header, split on commas (RFC 9110 §5.3: repeated lines equal one joined line).</summary>
    public string[] HeaderValues(string name) => Split(Header(name));

    public static string[] Split(string? joined) =>
        joined is null ? [] : joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
