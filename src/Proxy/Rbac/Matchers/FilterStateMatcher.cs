using Proxy.Routing.Matching;

namespace Proxy.Rbac.Matchers;

/// <summary>
/// <c>filter_state</c>: the stream's filter state object under the key, as a string, matches. A missing key
/// does not match (Istio's <c>io.istio.peer_principal</c> is set by its HBONE/mTLS filters, which this proxy
/// does not run yet).
/// </summary>
internal sealed class FilterStateMatcher : RbacMatcher
{
    private readonly string _key;
    private readonly StringMatcher _value;

    public FilterStateMatcher(string key, StringMatcher value)
    {
        _key = key;
        _value = value;
    }

    public override bool Matches(in RbacInput input) =>
        input.FilterState is { } state && state.TryGetValue(_key, out var value) && value?.ToString() is { } text && _value.Matches(text);
}
