using Proxy.Filters.StreamInfo;
using Proxy.Routing.Matching;

namespace Proxy.Authz;

/// <summary>
/// A MetadataMatcher over the stream's dynamic metadata with a one-key path and a string (or presence) value,
/// the form Istio's ext_authz <c>filter_enabled_metadata</c> takes (the RBAC shadow policy id).
/// </summary>
internal sealed class MetadataCondition
{
    private readonly string _filter;
    private readonly string _key;
    private readonly StringMatcher? _value;
    private readonly bool _invert;

    /// <param name="value">Null for <c>present_match: true</c>.</param>
    public MetadataCondition(string filter, string key, StringMatcher? value, bool invert)
    {
        _filter = filter;
        _key = key;
        _value = value;
        _invert = invert;
    }

    public bool Matches(StreamInfo info)
    {
        var matched = info.TryGetDynamicMetadata(_filter, _key, out var value) && value is not null
            && (_value is null || (value is string text && _value.Matches(text)));
        return matched != _invert;
    }
}
