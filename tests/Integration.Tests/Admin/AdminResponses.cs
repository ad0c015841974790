namespace Proxy.Integration.Tests.Admin;

/// <summary>Raw admin exchanges (status and body of any method), beside ProxyProcess's GET-and-succeed helpers.</summary>
internal static class AdminResponses
{
    public static async Task<(int Status, string Body)> SendAsync(string adminUrl, HttpMethod method, string pathAndQuery)
    {
        using var client = new HttpClient();
        using var response = await client.SendAsync(new HttpRequestMessage(method, adminUrl + pathAndQuery));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
