namespace Proxy.Filters.StreamInfo;

/// <summary>Short and long names of <see cref="ResponseFlags"/>, as Envoy's ResponseFlagUtils prints them.</summary>
public static class ResponseFlagNames
{
    private static readonly string[] Short =
    [
        "LH", "UH", "UT", "LR", "UR", "UF", "UC", "UO", "NR", "DI", "FI", "RL", "UAEX", "RLSE", "DC", "URX",
        "SI", "IH", "DPE", "UMSDR", "RFCF", "NFCF", "DT", "UPE", "NC", "OM", "DF", "DO", "DR",
    ];

    private static readonly string[] Long =
    [
        "FailedLocalHealthCheck", "NoHealthyUpstream", "UpstreamRequestTimeout", "LocalReset",
        "UpstreamRemoteReset", "UpstreamConnectionFailure", "UpstreamConnectionTermination", "UpstreamOverflow",
        "NoRouteFound", "DelayInjected", "FaultInjected", "RateLimited", "UnauthorizedExternalService",
        "RateLimitServiceError", "DownstreamConnectionTermination", "UpstreamRetryLimitExceeded",
        "StreamIdleTimeout", "InvalidEnvoyRequestHeaders", "DownstreamProtocolError",
        "UpstreamMaxStreamDurationReached", "ResponseFromCacheFilter", "NoFilterConfigFound", "DurationTimeout",
        "UpstreamProtocolError", "NoClusterFound", "OverloadManagerTerminated", "DnsResolutionFailed",
        "DropOverload", "DownstreamRemoteReset",
    ];

    /// <summary>"-" when no flag is set, else the short names joined by commas (e.g. "UF,URX").</summary>
    public static string ToShortString(ResponseFlags flags) => Join(flags, Short, "-");

    /// <summary>The long (PascalCase) names joined by commas, or "-" when none is set.</summary>
    public static string ToLongString(ResponseFlags flags) => Join(flags, Long, "-");

    /// <summary>The flag whose short name is <paramref name="shortName"/>, if any.</summary>
    public static ResponseFlags? Parse(string shortName)
    {
        var i = Array.IndexOf(Short, shortName);
        return i < 0 ? null : (ResponseFlags)(1u << i);
    }

    private static string Join(ResponseFlags flags, string[] names, string none)
    {
        if (flags == ResponseFlags.None)
        {
            return none;
        }

        var bits = (uint)flags;
        if ((bits & (bits - 1)) == 0)
        {
            return names[System.Numerics.BitOperations.TrailingZeroCount(bits)];
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < names.Length; i++)
        {
            if ((bits & (1u << i)) != 0)
            {
                if (builder.Length > 0)
                {
                    builder.Append(',');
                }

                builder.Append(names[i]);
            }
        }

        return builder.ToString();
    }
}
