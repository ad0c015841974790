namespace Proxy.Upstream.Dns;

/// <summary>Resolves a name for a DNS cluster. Implementations report failures as results, never by throwing.</summary>
public interface IDnsResolver
{
    ValueTask<DnsResult> ResolveAsync(string host, DnsLookupFamily family, CancellationToken cancellationToken);
}
