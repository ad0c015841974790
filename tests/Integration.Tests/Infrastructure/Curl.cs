namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>curl, the client users reach for. Output: the body, then a last line "STATUS &lt;code&gt;".</summary>
public static class Curl
{
    public static Task<CurlResponse> GetAsync(string url, params string[] extra) => RequestAsync(url, TimeSpan.FromSeconds(30), extra);

    /// <summary>Any request (extra arguments choose method, body, protocol), bounded by <paramref name="timeout"/>.</summary>
    public static async Task<CurlResponse> RequestAsync(string url, TimeSpan timeout, params string[] extra)
    {
        var seconds = ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = new List<string> { "-sS", "--max-time", seconds, "-D", "-", "-w", "\nSTATUS %{http_code}" };
        args.AddRange(extra);
        args.Add(url);
        var result = await ExternalProcess.RunAsync("curl", args, timeout + TimeSpan.FromSeconds(10));
        return CurlResponse.Parse(result);
    }
}
