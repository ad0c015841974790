using System.Collections.Immutable;
using System.Net;
using Proxy.Upstream.Dns;

namespace Proxy.Tests.Upstream.TestSupport;

/// <summary>A resolver answering from a table the test edits; answers complete synchronously.</summary>
internal sealed class FakeDnsResolver : IDnsResolver
{
    private readonly Dictionary<string, DnsResult> _answers = new(StringComparer.Ordinal);

    public List<(string Host, DnsLookupFamily Family)> Queries { get; } = new();

    public void Answer(string host, params string[] addresses) =>
        _answers[host] = DnsResult.Resolved(addresses.Select(IPAddress.Parse).ToImmutableArray());

    public void AnswerWithTtl(string host, TimeSpan ttl, params string[] addresses) =>
        _answers[host] = DnsResult.Resolved(addresses.Select(IPAddress.Parse).ToImmutableArray(), ttl);

    public void Fail(string host) => _answers[host] = DnsResult.Failed("SERVFAIL");

    public int QueriesFor(string host) => Queries.Count(q => q.Host == host);

    public ValueTask<DnsResult> ResolveAsync(string host, DnsLookupFamily family, CancellationToken cancellationToken)
    {
        Queries.Add((host, family));
        return ValueTask.FromResult(_answers.TryGetValue(host, out var result) ? result : DnsResult.Failed("no answer configured"));
    }
}
