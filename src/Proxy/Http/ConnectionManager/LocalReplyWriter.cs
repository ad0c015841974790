using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Proxy.Filters.Http;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// Writes a response the proxy generates itself, as Envoy's sendLocalReply: text/plain body (none for
/// HEAD or an empty body), or for a gRPC request a trailers-only gRPC response (HTTP 200,
/// grpc-status from the HTTP status, grpc-message the body) so gRPC clients see a status, not a
/// protocol error.
/// </summary>
internal static class LocalReplyWriter
{
    public static Task WriteAsync(HttpContext http, LocalReply reply, bool grpcRequest)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            // Headers already left: the only thing left to say is a reset.
            http.Abort();
            return Task.CompletedTask;
        }

        foreach (var header in reply.Headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        if (grpcRequest)
        {
            response.StatusCode = 200;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = GrpcStatus.FromHttp(reply.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (reply.Body.Length > 0)
            {
                response.Headers["grpc-message"] = Uri.EscapeDataString(reply.Body);
            }

            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        response.StatusCode = reply.StatusCode;
        if (reply.Body.Length == 0)
        {
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        var bytes = Encoding.UTF8.GetBytes(reply.Body);
        response.Headers[HeaderNames.ContentType] = "text/plain";
        response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes).AsTask();
    }
}
