using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.Formatting;

/// <summary>
/// The gRPC status of an exchange as Envoy's Grpc::Common::getGrpcStatus finds it: the <c>grpc-status</c>
/// response trailer, else the <c>grpc-status</c> response header (trailers-only responses), else the
/// HTTP status mapped per gRPC's http-grpc-status-mapping.md. Names are gRPC's code.proto names.
/// </summary>
internal static class GrpcStatus
{
    /// <summary>Envoy's InvalidCode: a grpc-status that is not a number (or, when not allowed, above 16).</summary>
    public const long InvalidCode = -1;

    /// <summary>The highest code gRPC defines (UNAUTHENTICATED).</summary>
    public const long MaximumKnown = 16;

    private static readonly string[] Camel =
    [
        "Ok", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
        "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
        "Internal", "Unavailable", "DataLoss", "Unauthenticated",
    ];

    // absl::StatusCodeToString spelling (note CANCELLED), which Envoy uses for SNAKE_STRING.
    private static readonly string[] Snake =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <param name="allowUserDefined">Accept codes above 16 as they are (the formatter does, grpc_status_filter does not).</param>
    public static bool TryGet(StreamInfo.StreamInfo info, HttpContext? http, bool allowUserDefined, out long status)
    {
        if (TryParse(ExchangeHeaders.Trailers(info, http), allowUserDefined, out status)
            || TryParse(ExchangeHeaders.Response(info, http), allowUserDefined, out status))
        {
            return true;
        }

        if (info.ResponseCode != 0)
        {
            status = FromHttpStatus(info.ResponseCode);
            return true;
        }

        status = 0;
        return false;
    }

    /// <summary>gRPC's HTTP to gRPC status mapping (doc/http-grpc-status-mapping.md).</summary>
    public static long FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => 13, // Internal
        401 => 16, // Unauthenticated
        403 => 7, // PermissionDenied
        404 => 12, // Unimplemented
        429 or 502 or 503 or 504 => 14, // Unavailable
        _ => 2, // Unknown
    };

    public static string? CamelName(long status) => status is >= 0 and <= MaximumKnown ? Camel[status] : null;

    public static string? SnakeName(long status) => status is >= 0 and <= MaximumKnown ? Snake[status] : null;

    private static bool TryParse(IHeaderDictionary? headers, bool allowUserDefined, out long status)
    {
        if (!ExchangeHeaders.TryGetFirst(headers, "grpc-status", out var text) || text.Length == 0)
        {
            status = 0;
            return false;
        }

        if (!ulong.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var code)
            || code > int.MaxValue
            || (!allowUserDefined && code > MaximumKnown))
        {
            status = InvalidCode;
            return true;
        }

        status = (long)code;
        return true;
    }
}
