using Proxy.Routing.Matching;

namespace Proxy.Routing.Actions;

/// <summary>HedgePolicy (route, else virtual host), recorded for the router.</summary>
public sealed class HedgePolicy
{
    /// <summary>Default 1.</summary>
    public uint InitialRequests { get; init; } = 1;

    /// <summary>Chance of one more request; null when not configured (0%).</summary>
    public RuntimeFraction? AdditionalRequestChance { get; init; }

    public bool HedgeOnPerTryTimeout { get; init; }
}
