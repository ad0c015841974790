namespace Proxy.RateLimit;

/// <summary>
/// Envoy's local rate limit token bucket (type.v3.TokenBucket): starts full with <see cref="MaxTokens"/>,
/// gains <see cref="TokensPerFill"/> every <see cref="FillInterval"/> up to the maximum. Fills are applied
/// when the bucket is next used, from the injected clock, which is what Envoy's fill timer produces.
/// </summary>
internal sealed class TokenBucket
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private long _tokens;
    private long _lastFill;

    public TokenBucket(long maxTokens, long tokensPerFill, TimeSpan fillInterval, TimeProvider time)
    {
        MaxTokens = maxTokens;
        TokensPerFill = tokensPerFill;
        FillInterval = fillInterval;
        _time = time;
        _intervalTicks = (long)(fillInterval.TotalSeconds * time.TimestampFrequency);
        _tokens = maxTokens;
        _lastFill = time.GetTimestamp();
    }

    public long MaxTokens { get; }

    public long TokensPerFill { get; }

    public TimeSpan FillInterval { get; }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryConsume()
    {
        lock (_lock)
        {
            Refill();
            if (_tokens == 0)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    /// <summary>Tokens left and whole seconds until the next fill (x-ratelimit-remaining / x-ratelimit-reset).</summary>
    public (long Remaining, long ResetSeconds) Snapshot()
    {
        lock (_lock)
        {
            Refill();
            var untilFill = _lastFill + _intervalTicks - _time.GetTimestamp();
            return (_tokens, (long)Math.Ceiling(Math.Max(0, untilFill) / (double)_time.TimestampFrequency));
        }
    }

    private void Refill()
    {
        var fills = (_time.GetTimestamp() - _lastFill) / _intervalTicks;
        if (fills > 0)
        {
            _tokens = (long)Math.Min(MaxTokens, _tokens + (double)fills * TokensPerFill);
            _lastFill += fills * _intervalTicks;
        }
    }
}
