namespace Proxy.Xds.Grpc;

/// <summary>A gRPC call's final status: the code (grpc-status) and the percent-decoded grpc-message.</summary>
public readonly record struct GrpcStatus(int Code, string Message)
{
    public const int Ok = 0;
    public const int Cancelled = 1;
    public const int Unknown = 2;
    public const int InvalidArgument = 3;
    public const int DeadlineExceeded = 4;
    public const int Internal = 13;
    public const int Unavailable = 14;
    public const int Unimplemented = 12;
    public const int Unauthenticated = 16;
    public const int PermissionDenied = 7;
    public const int ResourceExhausted = 8;

    /// <summary>
    /// The code for a response whose HTTP status is not 200 ("gRPC over HTTP2": 400 INTERNAL, 401 UNAUTHENTICATED,
    /// 403 PERMISSION_DENIED, 404 UNIMPLEMENTED, 429/502/503/504 UNAVAILABLE, anything else UNKNOWN).
    /// </summary>
    public static int FromHttpStatus(int status) => status switch
    {
        400 => Internal,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => Unimplemented,
        429 or 502 or 503 or 504 => Unavailable,
        _ => Unknown,
    };

    public override string ToString() => $"{Code}: {Message}";
}
