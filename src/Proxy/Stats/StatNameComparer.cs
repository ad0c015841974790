namespace Proxy.Stats;

/// <summary>
/// Orders stat names as Envoy's symbol table does (<c>SymbolTable::lessThan</c>): token by token
/// (dot-separated), each token compared ordinally, a name that is a token-prefix of another first.
/// Prometheus output is sorted this way; /stats text and JSON sort whole names ordinally.
/// </summary>
public sealed class StatNameComparer : IComparer<string>
{
    public static StatNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var a = x.AsSpan();
        var b = y.AsSpan();
        while (true)
        {
            var da = a.IndexOf('.');
            var db = b.IndexOf('.');
            var ta = da < 0 ? a : a[..da];
            var tb = db < 0 ? b : b[..db];
            var c = ta.SequenceCompareTo(tb);
            if (c != 0)
            {
                return c;
            }

            if (da < 0 || db < 0)
            {
                // Same token; the name with no more tokens comes first.
                return (da < 0 ? 0 : 1) - (db < 0 ? 0 : 1);
            }

            a = a[(da + 1)..];
            b = b[(db + 1)..];
        }
    }
}
