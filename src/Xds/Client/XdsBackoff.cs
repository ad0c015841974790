namespace Proxy.Xds.Client;

/// <summary>
/// Envoy's JitteredExponentialBackOffStrategy: the n-th retry waits a random time below min(base·2ⁿ, max);
/// reset once a stream received a response.
/// </summary>
public sealed class XdsBackoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _attempt;

    public XdsBackoff(TimeSpan @base, TimeSpan max, Random random)
    {
        _base = @base;
        _max = max;
        _random = random;
    }

    public TimeSpan Next()
    {
        var ceiling = Math.Min(_max.TotalMilliseconds, _base.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds(_random.NextDouble() * ceiling);
    }

    public void Reset() => _attempt = 0;
}
