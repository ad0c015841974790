using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>A consistent hashing structure of one priority: ring or Maglev table.</summary>
internal interface IHashTable
{
    /// <summary>The host for <paramref name="hash"/>; <paramref name="attempt"/> &gt; 0 asks for an alternative (retries).</summary>
    Host? Choose(ulong hash, int attempt);
}
