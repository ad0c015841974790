namespace Proxy.Router;

/// <summary>
/// Keeps one CancellationTokenSource between the exchanges of a pooled request context, so that an upstream
/// exchange that ended without being cancelled hands its source, and the registration nodes the source keeps,
/// to the next one instead of each exchange allocating its own (with the HTTP/1.1 client's registration on it,
/// about a seventh of the bytes allocated per request; bench/README.md).
/// </summary>
internal sealed class CancellationSourceSlot
{
    private CancellationTokenSource? _spare;

    /// <summary>The kept source, or a new one when there is none (or another exchange of the context holds it).</summary>
    public CancellationTokenSource Take() => Interlocked.Exchange(ref _spare, null) ?? new CancellationTokenSource();

    /// <summary>
    /// Gives a source back once nothing can cancel it any more. A cancelled source cannot be reset and is
    /// disposed; so is one given back while the slot already holds another.
    /// </summary>
    public void Return(CancellationTokenSource source)
    {
        if (!source.TryReset() || Interlocked.CompareExchange(ref _spare, source, null) is not null)
        {
            source.Dispose();
        }
    }
}
