namespace Proxy.Listeners.Config;

/// <summary>
/// Envoy's ListenerFilterChainMatchPredicate (listener_filters[].filter_disabled): Istio uses it to skip
/// http_inspector and tls_inspector on some destination ports.
/// </summary>
internal abstract record ListenerFilterPredicate
{
    public abstract bool Matches(ConnectionInfo connection);

    public sealed record AnyMatch : ListenerFilterPredicate
    {
        public override bool Matches(ConnectionInfo connection) => true;
    }

    /// <summary>destination_port_range: [Start, End).</summary>
    public sealed record DestinationPortRange(int Start, int End) : ListenerFilterPredicate
    {
        public override bool Matches(ConnectionInfo connection) =>
            connection.LocalEndPoint is { } local && local.Port >= Start && local.Port < End;
    }

    public sealed record Not(ListenerFilterPredicate Inner) : ListenerFilterPredicate
    {
        public override bool Matches(ConnectionInfo connection) => !Inner.Matches(connection);
    }

    public sealed record Or(IReadOnlyList<ListenerFilterPredicate> Rules) : ListenerFilterPredicate
    {
        public override bool Matches(ConnectionInfo connection)
        {
            foreach (var rule in Rules)
            {
                if (rule.Matches(connection))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public sealed record And(IReadOnlyList<ListenerFilterPredicate> Rules) : ListenerFilterPredicate
    {
        public override bool Matches(ConnectionInfo connection)
        {
            foreach (var rule in Rules)
            {
                if (!rule.Matches(connection))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
