namespace Proxy.Http.ConnectionManager;

/// <summary>HTTP status → gRPC status for local replies to gRPC requests (gRPC's HTTP-to-gRPC mapping, as Envoy).</summary>
internal static class GrpcStatus
{
    public static int FromHttp(int status) => status switch
    {
        400 => 13, // INTERNAL
        401 => 16, // UNAUTHENTICATED
        403 => 7, // PERMISSION_DENIED
        404 => 12, // UNIMPLEMENTED
        429 or 502 or 503 or 504 => 14, // UNAVAILABLE
        _ => 2, // UNKNOWN
    };

    public static bool IsGrpc(string? contentType) =>
        contentType is not null
        && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == 16 || contentType[16] is '+' or ';');
}
