using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;

namespace Proxy.Upstream.Config;

/// <summary>Translates <c>circuit_breakers</c>. For each priority the first matching entry wins, as in Envoy.</summary>
internal static class CircuitBreakersTranslator
{
    public static CircuitBreakersConfig Translate(CircuitBreakers? breakers)
    {
        if (breakers is null)
        {
            return CircuitBreakersConfig.Default;
        }

        return new CircuitBreakersConfig
        {
            DefaultPriority = Thresholds(breakers, RoutingPriority.Default),
            HighPriority = Thresholds(breakers, RoutingPriority.High),
            PerHostMaxConnections = PerHost(breakers, RoutingPriority.Default),
            PerHostMaxConnectionsHighPriority = PerHost(breakers, RoutingPriority.High),
        };
    }

    private static CircuitBreakerThresholds Thresholds(CircuitBreakers breakers, RoutingPriority priority)
    {
        for (var i = 0; i < breakers.Thresholds.Count; i++)
        {
            var t = breakers.Thresholds[i];
            if (t.Priority != priority)
            {
                continue;
            }

            var path = $"circuit_breakers.thresholds[{i}]";
            return new CircuitBreakerThresholds
            {
                MaxConnections = t.MaxConnections ?? 1024,
                MaxPendingRequests = t.MaxPendingRequests ?? 1024,
                MaxRequests = t.MaxRequests ?? 1024,
                MaxRetries = t.MaxRetries ?? 3,
                RetryBudget = t.RetryBudget is null
                    ? null
                    : new RetryBudget(
                        t.RetryBudget.BudgetPercent is null
                            ? 20.0
                            : ProtoValues.Percent(t.RetryBudget.BudgetPercent, path + ".retry_budget.budget_percent"),
                        t.RetryBudget.MinRetryConcurrency ?? 3),
                TrackRemaining = t.TrackRemaining,
                MaxConnectionPools = t.MaxConnectionPools,
            };
        }

        return CircuitBreakerThresholds.Default;
    }

    private static uint PerHost(CircuitBreakers breakers, RoutingPriority priority)
    {
        foreach (var t in breakers.PerHostThresholds)
        {
            if (t.Priority == priority)
            {
                return t.MaxConnections ?? uint.MaxValue;
            }
        }

        return uint.MaxValue;
    }
}
