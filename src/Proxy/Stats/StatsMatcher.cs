namespace Proxy.Stats;

/// <summary>
/// Which stats are instantiated (<c>stats_config.stats_matcher</c>): all (unset), none
/// (<c>reject_all: true</c>), those matching no <c>exclusion_list</c> pattern, or those matching some
/// <c>inclusion_list</c> pattern. Matched against the full stat name (tags still embedded). A rejected
/// stat is neither registered nor exported; what the component that asked for it gets instead is
/// <see cref="StatsStore"/>'s to say (a counter that drops increments, a working gauge).
/// </summary>
public sealed class StatsMatcher
{
    private readonly StringMatch[] _patterns;
    private readonly bool _inclusion;
    private readonly bool? _all; // true: reject all, false: accept all, null: use the list

    private StatsMatcher(bool? rejectAll, bool inclusion, StringMatch[] patterns)
    {
        _all = rejectAll;
        _inclusion = inclusion;
        _patterns = patterns;
    }

    public static StatsMatcher AcceptAll { get; } = new(false, false, []);

    public static StatsMatcher RejectAll { get; } = new(true, false, []);

    public static StatsMatcher Inclusion(IReadOnlyList<StringMatch> patterns) => new(null, true, [.. patterns]);

    public static StatsMatcher Exclusion(IReadOnlyList<StringMatch> patterns) => new(null, false, [.. patterns]);

    public bool Rejects(string name) => Rejects(name.AsSpan());

    /// <summary>The same for a name not made into a string yet (a scope's prefix and a stat name, side by side).</summary>
    public bool Rejects(ReadOnlySpan<char> name)
    {
        if (_all is bool rejectAll)
        {
            return rejectAll;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(name))
            {
                return !_inclusion;
            }
        }

        return _inclusion;
    }
}
