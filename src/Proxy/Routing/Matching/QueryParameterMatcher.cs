namespace Proxy.Routing.Matching;

/// <summary>
/// Envoy's QueryParameterMatcher: the first value of the named parameter must satisfy <see cref="Matcher"/>;
/// with no matcher (<c>present_match</c> or no specifier) the parameter only has to be there.
/// </summary>
public sealed class QueryParameterMatcher
{
    public QueryParameterMatcher(string name, StringMatcher? matcher)
    {
        Name = name;
        Matcher = matcher;
    }

    public string Name { get; }

    /// <summary>Null for a presence match.</summary>
    public StringMatcher? Matcher { get; }

    public bool Matches(ReadOnlySpan<char> pathAndQuery)
    {
        if (!QueryString.TryGetFirstValue(pathAndQuery, Name, out ReadOnlySpan<char> value))
        {
            return false;
        }

        return Matcher is null || Matcher.Matches(value);
    }
}
