namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>curl, the client users reach for. Output: the body, then a last line "STATUS &lt;code&gt;".</summary>
public static class Curl
{
    public static Task<CurlResponse> GetAsync(string url, params string[] extra) => RequestAsync(url, TimeSpan.FromSeconds(30), extra);

    /// <summary>Any request (extra arguments choose method, body, protocol), bounded by <paramref name="timeout"/>.</summary>
    public static Task<CurlResponse> RequestAsync(string url, TimeSpan timeout, params string[] extra) =>
        RunAsync([], url, timeout, extra);

    /// <summary>
    /// curl started through <paramref name="launcher"/> (e.g. <c>ip netns exec NS setpriv --reuid 2000</c>), so the
    /// request leaves from another network namespace or user; an empty launcher runs curl directly.
    /// </summary>
    public static async Task<CurlResponse> RunAsync(IReadOnlyList<string> launcher, string url, TimeSpan timeout, params string[] extra)
    {
        var seconds = ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = new List<string>(launcher.Skip(1));
        if (launcher.Count > 0)
        {
            args.Add("curl");
        }

        args.AddRange(["-sS", "--max-time", seconds, "-D", "-", "-w", "\nSTATUS %{http_code}"]);
        args.AddRange(extra);
        args.Add(url);
        var result = await ExternalProcess.RunAsync(launcher.Count > 0 ? launcher[0] : "curl", args, timeout + TimeSpan.FromSeconds(10));
        return CurlResponse.Parse(result);
    }
}
