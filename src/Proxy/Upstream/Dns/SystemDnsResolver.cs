using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Proxy.Upstream.Config;

namespace Proxy.Upstream.Dns;

/// <summary>
/// The default resolver: the operating system's (getaddrinfo via <see cref="System.Net.Dns"/>), one query for
/// both families, filtered by <see cref="DnsFamilyFilter"/>. It reports no TTL, so refreshes follow
/// <c>dns_refresh_rate</c> even with <c>respect_dns_ttl</c>.
/// </summary>
public sealed class SystemDnsResolver : IDnsResolver
{
    public static readonly SystemDnsResolver Instance = new();

    public async ValueTask<DnsResult> ResolveAsync(string host, DnsLookupFamily family, CancellationToken cancellationToken)
    {
        if (IpLiteral.TryParse(host, out var literal))
        {
            return DnsResult.Resolved(DnsFamilyFilter.Apply(DnsLookupFamily.All, new[] { literal }));
        }

        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(host, AddressFamily.Unspecified, cancellationToken)
                .ConfigureAwait(false);
            return DnsResult.Resolved(DnsFamilyFilter.Apply(family, addresses));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            // The name does not exist (NXDOMAIN / no records): a successful answer with no addresses.
            return DnsResult.Resolved(ImmutableArray<IPAddress>.Empty);
        }
        catch (SocketException e)
        {
            return DnsResult.Failed($"{e.SocketErrorCode}: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return DnsResult.Failed("cancelled");
        }
    }
}
