using System.Net.Http;
using System.Net.Sockets;

namespace Proxy.Router.Forwarding;

/// <summary>Maps what the upstream clients throw (our HTTP/1.1 client throws as SocketsHttpHandler does) onto Envoy's failure kinds.</summary>
internal static class UpstreamFailureClassifier
{
    public static UpstreamFailure Classify(Exception exception, bool downstreamAborted, bool timedOut)
    {
        if (downstreamAborted)
        {
            return UpstreamFailure.DownstreamDisconnect;
        }

        if (timedOut)
        {
            return UpstreamFailure.Timeout;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }:
                    return UpstreamFailure.ConnectionFailure;
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return UpstreamFailure.ConnectionTermination;
                case HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.VersionNegotiationError }:
                    return UpstreamFailure.ProtocolError;
                case HttpProtocolException:
                    return UpstreamFailure.RemoteReset;
                case SocketException socket when socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut or SocketError.AddressNotAvailable:
                    return UpstreamFailure.ConnectionFailure;
                case TimeoutException:
                    // SocketsHttpHandler.ConnectTimeout surfaces as a TimeoutException inside the chain.
                    return UpstreamFailure.ConnectionFailure;
            }
        }

        return UpstreamFailure.ConnectionTermination;
    }
}
