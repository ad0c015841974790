using Proxy.Xds.Grpc;

namespace Proxy.Xds.Client;

/// <summary>What the client reports about its stream, for stats and logs.</summary>
public interface IXdsClientObserver
{
    void Connected();

    void Disconnected(GrpcStatus status);

    void Accepted(XdsResourceType type, string version);

    void Rejected(XdsResourceType type, string version, string message);

    void RequestSent(XdsResourceType type);
}
