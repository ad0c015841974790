namespace Proxy.Routing.Hashing;

/// <summary>
/// A filter state object that a <c>filter_state</c> hash policy can hash (Envoy's <c>Envoy::Hashable</c>).
/// Objects in <see cref="Proxy.Filters.StreamInfo.StreamInfo.FilterState"/> that do not implement it produce no hash.
/// </summary>
public interface IHashable
{
    ulong? Hash();
}
