namespace Proxy.Upstream.Config;

/// <summary><c>slow_start_config</c> of round robin / least request; recorded (slow start is not applied yet).</summary>
public sealed record SlowStartSettings
{
    public TimeSpan Window { get; init; }

    /// <summary>Runtime default of <c>aggression</c>; 1.0 when unset.</summary>
    public double Aggression { get; init; } = 1.0;

    /// <summary><c>min_weight_percent</c>; 10 when unset.</summary>
    public double MinWeightPercent { get; init; } = 10;
}
