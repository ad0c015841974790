namespace Proxy.Upstream.Config;

/// <summary>
/// Translated <c>outlier_detection</c> with Envoy's documented defaults; recorded here, run by the outlier
/// detector. Percentages are whole percents (0-100).
/// </summary>
public sealed record OutlierDetectionConfig
{
    public uint Consecutive5xx { get; init; } = 5;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    public uint MaxEjectionPercent { get; init; } = 10;

    public uint EnforcingConsecutive5xx { get; init; } = 100;

    public uint EnforcingSuccessRate { get; init; } = 100;

    public uint SuccessRateMinimumHosts { get; init; } = 5;

    public uint SuccessRateRequestVolume { get; init; } = 100;

    /// <summary>Divided by 1000 to get the factor: 1900 means 1.9 standard deviations.</summary>
    public uint SuccessRateStdevFactor { get; init; } = 1900;

    public uint ConsecutiveGatewayFailure { get; init; } = 5;

    public uint EnforcingConsecutiveGatewayFailure { get; init; }

    public bool SplitExternalLocalOriginErrors { get; init; }

    public uint ConsecutiveLocalOriginFailure { get; init; } = 5;

    public uint EnforcingConsecutiveLocalOriginFailure { get; init; } = 100;

    public uint EnforcingLocalOriginSuccessRate { get; init; } = 100;

    public uint FailurePercentageThreshold { get; init; } = 85;

    public uint EnforcingFailurePercentage { get; init; }

    public uint EnforcingFailurePercentageLocalOrigin { get; init; }

    public uint FailurePercentageMinimumHosts { get; init; } = 5;

    public uint FailurePercentageRequestVolume { get; init; } = 50;

    public TimeSpan MaxEjectionTime { get; init; } = TimeSpan.FromSeconds(300);

    public TimeSpan MaxEjectionTimeJitter { get; init; }

    public bool SuccessfulActiveHealthCheckUnejectHost { get; init; } = true;

    public bool AlwaysEjectOneHost { get; init; }
}
