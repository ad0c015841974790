using System.Collections.Immutable;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Envoy's <c>EdfScheduler</c> with weights recomputed at each pick: the earliest deadline is picked, then re-added
/// with deadline now + 1/weight, where weight is evaluated at that moment. Not thread-safe: one per thread, as
/// Envoy keeps one per worker.
/// </summary>
internal sealed class DynamicEdfScheduler
{
    private readonly ImmutableArray<Host> _hosts;
    private readonly double _bias;
    private readonly PriorityQueue<int, (double Deadline, long Order)> _queue;
    private double _now;
    private long _order;

    public DynamicEdfScheduler(ImmutableArray<Host> hosts, double activeRequestBias, ulong startPicks)
    {
        _hosts = hosts;
        _bias = activeRequestBias;
        _queue = new PriorityQueue<int, (double, long)>(hosts.Length, DeadlineComparer.Instance);
        for (var i = 0; i < hosts.Length; i++)
        {
            _queue.Enqueue(i, (1.0 / Weight(hosts[i]), _order++));
        }

        // A random number of initial picks (Envoy's createWithPicks(seed % n)) so proxies do not move in lockstep.
        for (var i = 0UL; i < startPicks % (ulong)hosts.Length; i++)
        {
            PickAndAdd();
        }
    }

    public Host PickAndAdd()
    {
        _queue.TryDequeue(out var index, out var entry);
        _now = entry.Deadline;
        var host = _hosts[index];
        _queue.Enqueue(index, (_now + (1.0 / Weight(host)), _order++));
        return host;
    }

    /// <summary>
    /// Envoy's LeastRequestLoadBalancer::hostWeight: weight / (active + 1)^bias; bias 0 is plain weighted round
    /// robin, bias 1 a division.
    /// </summary>
    internal double Weight(Host host)
    {
        double weight = host.Weight;
        if (_bias == 0)
        {
            return weight;
        }

        var active = (double)host.ActiveRequests + 1;
        return _bias == 1.0 ? weight / active : weight / Math.Pow(active, _bias);
    }

    private sealed class DeadlineComparer : IComparer<(double Deadline, long Order)>
    {
        public static readonly DeadlineComparer Instance = new();

        public int Compare((double Deadline, long Order) x, (double Deadline, long Order) y)
        {
            var byDeadline = x.Deadline.CompareTo(y.Deadline);
            return byDeadline != 0 ? byDeadline : x.Order.CompareTo(y.Order);
        }
    }
}
