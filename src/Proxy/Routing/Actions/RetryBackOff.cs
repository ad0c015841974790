namespace Proxy.Routing.Actions;

/// <summary>RetryPolicy.retry_back_off, or Envoy's default: 25 ms base, 10 × base maximum. Sub-millisecond values are rounded up to 1 ms.</summary>
public sealed class RetryBackOff
{
    public static readonly RetryBackOff Default = new() { BaseInterval = TimeSpan.FromMilliseconds(25), MaxInterval = TimeSpan.FromMilliseconds(250) };

    public required TimeSpan BaseInterval { get; init; }

    public required TimeSpan MaxInterval { get; init; }
}
