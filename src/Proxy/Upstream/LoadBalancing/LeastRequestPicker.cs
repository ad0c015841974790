using System.Collections.Immutable;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Least request over hosts of equal weight (Envoy's <c>unweightedHostPick</c>): sample <c>choice_count</c> hosts
/// at random (with replacement) and keep the one with the fewest active requests, the first sampled on ties
/// (power of two choices by default); or, with FULL_SCAN, scan all hosts and break ties uniformly at random.
/// </summary>
internal sealed class LeastRequestPicker : IHostPicker
{
    private readonly ImmutableArray<Host> _hosts;
    private readonly int _choiceCount;
    private readonly bool _fullScan;

    public LeastRequestPicker(ImmutableArray<Host> hosts, LeastRequestSettings settings)
    {
        _hosts = hosts;
        _choiceCount = settings.ChoiceCount;
        _fullScan = settings.SelectionMethod == LeastRequestSelectionMethod.FullScan;
    }

    public Host? Pick(in LoadBalancerContext context) => _fullScan ? FullScan(context) : NChoices(context);

    private Host NChoices(in LoadBalancerContext context)
    {
        var candidate = _hosts[context.Random.Next(_hosts.Length)];
        for (var i = 1; i < _choiceCount; i++)
        {
            var sampled = _hosts[context.Random.Next(_hosts.Length)];
            if (sampled.ActiveRequests < candidate.ActiveRequests)
            {
                candidate = sampled;
            }
        }

        return candidate;
    }

    private Host FullScan(in LoadBalancerContext context)
    {
        var candidate = _hosts[0];
        var candidateActive = candidate.ActiveRequests;
        var tied = 1;
        for (var i = 1; i < _hosts.Length; i++)
        {
            var active = _hosts[i].ActiveRequests;
            if (active < candidateActive)
            {
                candidate = _hosts[i];
                candidateActive = active;
                tied = 1;
            }
            else if (active == candidateActive && context.Random.Next(++tied) == 0)
            {
                // Reservoir sampling: each of the N tied hosts ends up chosen with probability 1/N.
                candidate = _hosts[i];
            }
        }

        return candidate;
    }
}
