using Microsoft.AspNetCore.Http;
using Proxy.Filters.Formatting;
using Proxy.Routing;

namespace Proxy.Config;

/// <summary>
/// Envoy's substitution formatter behind route header values such as <c>%DOWNSTREAM_REMOTE_ADDRESS%</c>;
/// a command with no value gives an empty string, as in Envoy's header formatting, not the access log's "-".
/// </summary>
internal sealed class HeaderValueFormatter(string format) : IHeaderValueFormatter
{
    private readonly SubstitutionFormatter _formatter = SubstitutionFormatter.Parse(format, omitEmptyValues: true);

    public string Format(HttpContext http, Proxy.Filters.StreamInfo.StreamInfo info) => _formatter.Format(info, http);
}
