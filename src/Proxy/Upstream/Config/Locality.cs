namespace Proxy.Upstream.Config;

/// <summary>Envoy's <c>config.core.v3.Locality</c>: where endpoints run; equal when all three parts are equal.</summary>
public sealed record Locality(string Region, string Zone, string SubZone)
{
    public static readonly Locality Empty = new(string.Empty, string.Empty, string.Empty);

    public override string ToString() => $"{Region}/{Zone}/{SubZone}";
}
