namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>curl, the client users reach for. Output: the body, then a last line "STATUS &lt;code&gt;".</summary>
public static class Curl
{
    public static async Task<CurlResponse> GetAsync(string url, params string[] extra)
    {
        var args = new List<string> { "-sS", "--max-time", "30", "-D", "-", "-w", "\nSTATUS %{http_code}" };
        args.AddRange(extra);
        args.Add(url);
        var result = await ExternalProcess.RunAsync("curl", args);
        return CurlResponse.Parse(result);
    }
}
