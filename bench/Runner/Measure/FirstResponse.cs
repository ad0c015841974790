using System.Diagnostics;
using System.Net;
using Bench.Runner.Processes;

namespace Bench.Runner.Measure;

/// <summary>
/// Polls a loopback port until a GET answers 200: readiness of a started program, and the figure
/// "time from start to first proxied response" when given the timestamp taken just before the start.
/// </summary>
public static class FirstResponse
{
    /// <returns>The time from <paramref name="startTimestamp"/> (or from the call) to the first 200; null on timeout or exit.</returns>
    public static async Task<TimeSpan?> WaitAsync(int port, string path, bool h2c, StartedProcess? process, TimeSpan limit, CancellationToken cancel, long? startTimestamp = null)
    {
        var start = startTimestamp ?? Stopwatch.GetTimestamp();
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var url = new Uri($"http://127.0.0.1:{port}{path}");
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancel.ThrowIfCancellationRequested();
            if (process is { HasExited: true })
            {
                return null;
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url)
                {
                    Version = h2c ? HttpVersion.Version20 : HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                using var response = await client.SendAsync(request, cancel).ConfigureAwait(false);
                _ = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(start);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
            }

            await Task.Delay(2, cancel).ConfigureAwait(false);
        }

        return null;
    }
}
