namespace Proxy.Routing.Actions;

/// <summary>One RouteAction.hash_policy entry; see <see cref="Hashing.RouteHasher"/> for how they are evaluated.</summary>
public sealed class HashPolicy
{
    public required HashPolicyKind Kind { get; init; }

    /// <summary>The header name (lower-case), cookie name, query parameter name or filter state key.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Header only: the value is rewritten with this before hashing.</summary>
    public RegexRewrite? HeaderRegexRewrite { get; init; }

    /// <summary>Cookie only: when set and the cookie is absent, one is generated with this Max-Age (zero: a session cookie).</summary>
    public TimeSpan? CookieTtl { get; init; }

    /// <summary>Cookie only: Path attribute of a generated cookie.</summary>
    public string CookiePath { get; init; } = string.Empty;

    public IReadOnlyList<CookieAttribute> CookieAttributes { get; init; } = [];

    /// <summary>Stop evaluating further policies once a hash exists.</summary>
    public bool Terminal { get; init; }
}
