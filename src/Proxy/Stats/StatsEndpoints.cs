namespace Proxy.Stats;

/// <summary>
/// The admin stats endpoints over a <see cref="StatsStore"/>: <c>GET /stats</c> (text, or JSON with
/// <c>format=json</c>, or Prometheus with <c>format=prometheus</c>) and <c>GET /stats/prometheus</c>.
/// The admin server passes the request target and writes the body; this returns the status and type.
/// </summary>
public static class StatsEndpoints
{
    public const string TextContentType = "text/plain; charset=UTF-8";

    public const string JsonContentType = "application/json";

    /// <summary>Writes the response body for <paramref name="target"/> (path and query) and returns its status and content type.</summary>
    public static (int Status, string ContentType) Handle(StatsStore store, string target, TextWriter writer)
    {
        if (!StatsQuery.TryParse(target, out var query, out var error))
        {
            writer.Write(error);
            return (400, TextContentType);
        }

        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        if (path.EndsWith("/stats/prometheus", StringComparison.Ordinal) || query.Format == StatsFormat.Prometheus)
        {
            if (!PrometheusRenderer.TryRender(store, query, writer, out error))
            {
                writer.Write(error);
                return (400, TextContentType);
            }

            return (200, TextContentType);
        }

        if (query.Format == StatsFormat.Json)
        {
            StatsJsonRenderer.Render(store, query, writer);
            return (200, JsonContentType);
        }

        StatsTextRenderer.Render(store, query, writer);
        return (200, TextContentType);
    }
}
