using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Routing;

namespace Proxy.Tests.Routing;

/// <summary>Builds route tables from YAML and requests to route.</summary>
internal static class Routes
{
    public static RouteTranslationContext Context(Random? random = null, Func<string, byte[]>? readFile = null, Func<string, string?>? env = null) =>
        new(FakeFormatter.Create, random ?? new Random(1), readFile, env);

    public static RouteTable Table(string yaml, RouteTranslationContext? ctx = null) =>
        RouteTable.Translate(EnvoyJson.ParseRouteConfigurationYaml(yaml), ctx ?? Context());

    /// <summary>One virtual host "vh" on "*" with the given routes (YAML list items, indented as in a file).</summary>
    public static RouteTable WithRoutes(string routesYaml, RouteTranslationContext? ctx = null) =>
        Table("name: test\nvirtual_hosts:\n- name: vh\n  domains: ['*']\n  routes:\n" + Indent(routesYaml, "  "), ctx);

    public static RequestView Request(string path, string authority = "example.com", string method = "GET", params (string Name, string Value)[] headers)
    {
        var dictionary = new PlainHeaders();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = StringValues.Concat(dictionary[name], value);
        }

        return new RequestView(method, authority, path, dictionary);
    }

    /// <summary>The route the request matches (random value 0), or null.</summary>
    public static RouteEntry? Match(RouteTable table, RequestView request, ulong random = 0) => table.Route(request, random).Route;

    public static HttpContext Http(string path = "/", string host = "example.com", params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        int query = path.IndexOf('?');
        http.Request.Method = "GET";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString(host);
        http.Request.Path = query < 0 ? path : path.Substring(0, query);
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path.Substring(query));
        foreach (var (name, value) in headers)
        {
            http.Request.Headers.Append(name, value);
        }

        return http;
    }

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : prefix + line));
}
