using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.Extensions;
using Proxy.Filters.StreamInfo;
using Proxy.Routing;

namespace Proxy.Tests.Routing;

/// <summary>
/// A stand-in for Envoy's formatter: knows <c>%REQ(name)%</c> (request header), <c>%ROUTE_NAME%</c>
/// (from StreamInfo) and <c>%%</c>; anything else is refused at config time, as a real formatter would.
/// </summary>
internal sealed partial class FakeFormatter : IHeaderValueFormatter
{
    private readonly string _template;

    private FakeFormatter(string template) => _template = template;

    public static IHeaderValueFormatter Create(string template)
    {
        foreach (Match match in Command().Matches(template))
        {
            string command = match.Groups[1].Value;
            if (command.Length > 0 && command != "ROUTE_NAME" && !command.StartsWith("REQ(", StringComparison.Ordinal))
            {
                throw new ConfigException($"unknown command '{command}'");
            }
        }

        return new FakeFormatter(template);
    }

    public string Format(HttpContext http, StreamInfo info) =>
        Command().Replace(_template, match =>
        {
            string command = match.Groups[1].Value;
            if (command.Length == 0)
            {
                return "%";
            }

            if (command == "ROUTE_NAME")
            {
                return info.RouteName ?? string.Empty;
            }

            string header = command.Substring(4, command.Length - 5);
            return http.Request.Headers[header].ToString();
        });

    [GeneratedRegex("%([A-Z_]*(?:\\([^)]*\\))?)%")]
    private static partial Regex Command();
}
