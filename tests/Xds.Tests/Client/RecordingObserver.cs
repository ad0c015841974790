using System.Collections.Concurrent;
using Proxy.Xds.Client;
using Proxy.Xds.Grpc;

namespace Proxy.Xds.Tests.Client;

internal sealed class RecordingObserver : IXdsClientObserver
{
    public ConcurrentQueue<string> Events { get; } = new();

    public TaskCompletionSource<GrpcStatus> FirstDisconnect { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Connected() => Events.Enqueue("connected");

    public void Disconnected(GrpcStatus status)
    {
        Events.Enqueue("disconnected " + status.Code);
        FirstDisconnect.TrySetResult(status);
    }

    public void Accepted(XdsResourceType type, string version) => Events.Enqueue($"accepted {type.TypeName} {version}");

    public void Rejected(XdsResourceType type, string version, string message) => Events.Enqueue($"rejected {type.TypeName} {version} {message}");

    public void RequestSent(XdsResourceType type)
    {
    }
}
