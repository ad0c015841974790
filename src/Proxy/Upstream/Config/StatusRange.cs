namespace Proxy.Upstream.Config;

/// <summary>A half-open HTTP status range [Start, End), as <c>type.v3.Int64Range</c>.</summary>
public readonly record struct StatusRange(long Start, long End)
{
    public bool Contains(long status) => status >= Start && status < End;
}
