using Envoy.Config.Cluster.V3;

namespace Proxy.Upstream.Config;

/// <summary>Translates <c>outlier_detection</c>; errors carry paths relative to it.</summary>
internal static class OutlierDetectionTranslator
{
    public static OutlierDetectionConfig Translate(OutlierDetection od)
    {
        var defaults = new OutlierDetectionConfig();
        var config = new OutlierDetectionConfig
        {
            Consecutive5xx = od.Consecutive5Xx ?? defaults.Consecutive5xx,
            Interval = od.Interval is null ? defaults.Interval : ProtoValues.Positive(od.Interval, "interval"),
            BaseEjectionTime = od.BaseEjectionTime is null
                ? defaults.BaseEjectionTime
                : ProtoValues.Positive(od.BaseEjectionTime, "base_ejection_time"),
            MaxEjectionPercent = Percent(od.MaxEjectionPercent, defaults.MaxEjectionPercent, "max_ejection_percent"),
            EnforcingConsecutive5xx = Percent(od.EnforcingConsecutive5Xx, defaults.EnforcingConsecutive5xx, "enforcing_consecutive_5xx"),
            EnforcingSuccessRate = Percent(od.EnforcingSuccessRate, defaults.EnforcingSuccessRate, "enforcing_success_rate"),
            SuccessRateMinimumHosts = od.SuccessRateMinimumHosts ?? defaults.SuccessRateMinimumHosts,
            SuccessRateRequestVolume = od.SuccessRateRequestVolume ?? defaults.SuccessRateRequestVolume,
            SuccessRateStdevFactor = od.SuccessRateStdevFactor ?? defaults.SuccessRateStdevFactor,
            ConsecutiveGatewayFailure = od.ConsecutiveGatewayFailure ?? defaults.ConsecutiveGatewayFailure,
            EnforcingConsecutiveGatewayFailure = Percent(od.EnforcingConsecutiveGatewayFailure,
                defaults.EnforcingConsecutiveGatewayFailure, "enforcing_consecutive_gateway_failure"),
            SplitExternalLocalOriginErrors = od.SplitExternalLocalOriginErrors,
            ConsecutiveLocalOriginFailure = od.ConsecutiveLocalOriginFailure ?? defaults.ConsecutiveLocalOriginFailure,
            EnforcingConsecutiveLocalOriginFailure = Percent(od.EnforcingConsecutiveLocalOriginFailure,
                defaults.EnforcingConsecutiveLocalOriginFailure, "enforcing_consecutive_local_origin_failure"),
            EnforcingLocalOriginSuccessRate = Percent(od.EnforcingLocalOriginSuccessRate,
                defaults.EnforcingLocalOriginSuccessRate, "enforcing_local_origin_success_rate"),
            FailurePercentageThreshold = Percent(od.FailurePercentageThreshold,
                defaults.FailurePercentageThreshold, "failure_percentage_threshold"),
            EnforcingFailurePercentage = Percent(od.EnforcingFailurePercentage,
                defaults.EnforcingFailurePercentage, "enforcing_failure_percentage"),
            EnforcingFailurePercentageLocalOrigin = Percent(od.EnforcingFailurePercentageLocalOrigin,
                defaults.EnforcingFailurePercentageLocalOrigin, "enforcing_failure_percentage_local_origin"),
            FailurePercentageMinimumHosts = od.FailurePercentageMinimumHosts ?? defaults.FailurePercentageMinimumHosts,
            FailurePercentageRequestVolume = od.FailurePercentageRequestVolume ?? defaults.FailurePercentageRequestVolume,
            MaxEjectionTime = od.MaxEjectionTime is null
                ? defaults.MaxEjectionTime
                : ProtoValues.Positive(od.MaxEjectionTime, "max_ejection_time"),
            MaxEjectionTimeJitter = ProtoValues.ToTimeSpan(od.MaxEjectionTimeJitter, TimeSpan.Zero, "max_ejection_time_jitter"),
            SuccessfulActiveHealthCheckUnejectHost = od.SuccessfulActiveHealthCheckUnejectHost ?? true,
            AlwaysEjectOneHost = od.AlwaysEjectOneHost ?? false,
        };

        // Envoy's DetectorImpl::create refuses this combination.
        if (config.MaxEjectionTime < config.BaseEjectionTime)
        {
            throw new FieldException("max_ejection_time",
                "outlier detector's max_ejection_time cannot be smaller than base_ejection_time");
        }

        return config;
    }

    private static uint Percent(uint? value, uint defaultValue, string path)
    {
        if (value is > 100)
        {
            throw new FieldException(path, $"must be at most 100, got {value}");
        }

        return value ?? defaultValue;
    }
}
