namespace Proxy.Xds.Grpc;

/// <summary>A call that ended with a status other than OK, or a stream that broke the framing.</summary>
public sealed class GrpcException : Exception
{
    public GrpcException(GrpcStatus status)
        : base(status.ToString())
    {
        Status = status;
    }

    public GrpcStatus Status { get; }
}
