using Proxy.RateLimit.Actions;

namespace Proxy.RateLimit;

/// <summary>
/// One route.v3.RateLimit: its actions run in order, each appending one entry; if any cannot, the rule
/// produces no descriptor (Envoy's "composing actions").
/// </summary>
public sealed class RateLimitRule
{
    private readonly IDescriptorAction[] _actions;

    internal RateLimitRule(uint stage, IDescriptorAction[] actions)
    {
        Stage = stage;
        _actions = actions;
    }

    public uint Stage { get; }

    internal List<DescriptorEntry>? Build(in DescriptorSource source)
    {
        var entries = new List<DescriptorEntry>(_actions.Length);
        for (var i = 0; i < _actions.Length; i++)
        {
            if (!_actions[i].TryAppend(source, entries))
            {
                return null;
            }
        }

        return entries;
    }
}
