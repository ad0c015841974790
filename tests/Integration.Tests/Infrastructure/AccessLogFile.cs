namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// An access log file the proxy writes (envoy.access_loggers.file); its buffer is flushed every
/// --file-flush-interval-msec, so readers poll for the line they expect.
/// </summary>
public static class AccessLogFile
{
    /// <summary>Waits for the first line containing <paramref name="marker"/> and returns it.</summary>
    public static async Task<string> WaitForLineAsync(string path, string marker)
    {
        var line = await Eventually.UntilAsync(
            () => Task.FromResult(Find(path, marker)),
            found => found is not null,
            $"access log {path} has a line with '{marker}'");
        return line!;
    }

    private static string? Find(string path, string marker)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }
}
