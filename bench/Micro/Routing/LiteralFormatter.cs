using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;
using Proxy.Routing;

namespace Bench.Micro.Routing;

/// <summary>The formatter factory route translation needs; these routes have no %...% values, so it only echoes.</summary>
public sealed class LiteralFormatter : IHeaderValueFormatter
{
    private readonly string _text;

    public LiteralFormatter(string text) => _text = text;

    public string Format(HttpContext http, StreamInfo info) => _text;
}
