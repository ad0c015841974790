namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>A curl exchange split into status, headers (of the final response) and body.</summary>
public sealed class CurlResponse
{
    public int Status { get; private init; }

    public Dictionary<string, List<string>> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Body { get; private init; } = "";

    /// <summary>The protocol of the final status line: "HTTP/1.1" or "HTTP/2".</summary>
    public string HttpVersion { get; private set; } = "";

    public int ExitCode { get; private init; }

    public string StdErr { get; private init; } = "";

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? values[0] : null;

    public static CurlResponse Parse(ProcessResult result)
    {
        var text = result.StdOut;
        var statusAt = text.LastIndexOf("\nSTATUS ", StringComparison.Ordinal);
        var status = statusAt >= 0 && int.TryParse(text[(statusAt + 8)..].Trim(), out var code) ? code : 0;
        var rest = statusAt >= 0 ? text[..statusAt] : text;

        // -D - prints every header block (100 Continue, redirects); the last one precedes the body.
        var headerEnd = -1;
        var searchFrom = 0;
        while (rest.IndexOf("HTTP/", searchFrom, StringComparison.Ordinal) == searchFrom)
        {
            var end = rest.IndexOf("\r\n\r\n", searchFrom, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            headerEnd = end;
            searchFrom = end + 4;
        }

        var response = new CurlResponse
        {
            Status = status,
            ExitCode = result.ExitCode,
            StdErr = result.StdErr,
            Body = headerEnd >= 0 ? rest[(headerEnd + 4)..] : rest,
        };
        if (headerEnd >= 0)
        {
            var blockStart = rest.LastIndexOf("HTTP/", headerEnd, StringComparison.Ordinal);
            var statusLine = rest[blockStart..rest.IndexOf("\r\n", blockStart, StringComparison.Ordinal)];
            response.HttpVersion = statusLine.Split(' ')[0];
            foreach (var line in rest[blockStart..headerEnd].Split("\r\n").Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    var name = line[..colon].Trim();
                    if (!response.Headers.TryGetValue(name, out var list))
                    {
                        response.Headers[name] = list = [];
                    }

                    list.Add(line[(colon + 1)..].Trim());
                }
            }
        }

        return response;
    }
}
