namespace Proxy.Routing.Actions;

/// <summary>RouteAction.max_stream_duration. A null field was not configured; <see cref="TimeSpan.Zero"/> disables.</summary>
public sealed class MaxStreamDurationPolicy
{
    /// <summary>Overrides the HCM's max_stream_duration; zero disables it for this route.</summary>
    public TimeSpan? MaxStreamDuration { get; init; }

    /// <summary>Use the request's grpc-timeout header, capped at this value; zero means uncapped.</summary>
    public TimeSpan? GrpcTimeoutHeaderMax { get; init; }

    /// <summary>Subtracted from the grpc-timeout header value.</summary>
    public TimeSpan? GrpcTimeoutHeaderOffset { get; init; }
}
