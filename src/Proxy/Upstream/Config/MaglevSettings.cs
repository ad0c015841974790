namespace Proxy.Upstream.Config;

/// <summary>Maglev table size: a prime, default 65537, at most 5000011.</summary>
public sealed record MaglevSettings
{
    public const ulong DefaultTableSize = 65537;
    public const ulong MaxTableSize = 5000011;

    public static readonly MaglevSettings Default = new();

    public ulong TableSize { get; init; } = DefaultTableSize;
}
