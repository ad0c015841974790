using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;

namespace Proxy.Routing.Headers;

/// <summary>One entry of <c>*_headers_to_add</c>: a literal value, or a template run through a formatter per request.</summary>
public sealed class HeaderToAdd
{
    public HeaderToAdd(string name, string value, IHeaderValueFormatter? formatter, HeaderAppendAction appendAction, bool keepEmptyValue)
    {
        Name = name;
        Value = value;
        Formatter = formatter;
        AppendAction = appendAction;
        KeepEmptyValue = keepEmptyValue;
    }

    /// <summary>Lower-case header name.</summary>
    public string Name { get; }

    /// <summary>The configured value: the result itself when <see cref="Formatter"/> is null, else its template.</summary>
    public string Value { get; }

    /// <summary>Set when the value holds <c>%</c> substitution commands.</summary>
    public IHeaderValueFormatter? Formatter { get; }

    public HeaderAppendAction AppendAction { get; }

    /// <summary><c>keep_empty_value</c>: an empty result is still added (Envoy skips it otherwise).</summary>
    public bool KeepEmptyValue { get; }

    public string Evaluate(HttpContext http, StreamInfo info) => Formatter is null ? Value : Formatter.Format(http, info) ?? string.Empty;
}
