namespace Proxy.Admin;

/// <summary>What an admin endpoint answers.</summary>
internal sealed record AdminResponse(int Status, string Body, string ContentType = "text/plain; charset=UTF-8")
{
    public static AdminResponse Ok(string body = "OK\n") => new(200, body);

    public static AdminResponse Json(string json, int status = 200) => new(status, json, "application/json");
}
