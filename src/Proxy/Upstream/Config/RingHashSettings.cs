namespace Proxy.Upstream.Config;

/// <summary>Ring hash sizes and hash function; Envoy's defaults 1024 / 8M / xxHash.</summary>
public sealed record RingHashSettings
{
    public const ulong DefaultMinimumRingSize = 1024;
    public const ulong MaxRingSize = 8 * 1024 * 1024;

    public static readonly RingHashSettings Default = new();

    public ulong MinimumRingSize { get; init; } = DefaultMinimumRingSize;

    public ulong MaximumRingSize { get; init; } = MaxRingSize;

    public RingHashFunction HashFunction { get; init; }
}
