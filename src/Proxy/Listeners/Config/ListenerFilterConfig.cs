namespace Proxy.Listeners.Config;

/// <summary>A listener filter and, when set, the filter_disabled predicate that skips it for some connections.</summary>
internal sealed record ListenerFilterConfig(ListenerFilterKind Kind, ListenerFilterPredicate? Disabled);
