namespace Proxy.Upstream.Config;

/// <summary>The hash used to place hosts on the ring (<c>ring_hash_lb_config.hash_function</c>).</summary>
public enum RingHashFunction
{
    XxHash,
    MurmurHash2,
}
