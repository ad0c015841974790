// TEMPORARY: placeholders for the xDS client API being written on branch xds-client; removed at merge.
using System.Net;
using Envoy.Service.Discovery.V3;

namespace Proxy.Xds.Grpc
{
    public readonly record struct GrpcStatus(int Code, string Message);

    public sealed class GrpcChannelOptions
    {
        public required EndPoint Target { get; init; }
        public string Authority { get; init; } = "";
        public TimeSpan ConnectTimeout { get; init; }
    }

    public sealed class GrpcChannel(GrpcChannelOptions options)
    {
        public GrpcChannelOptions Options { get; } = options;
    }
}

namespace Proxy.Xds.Client
{
    using Proxy.Xds.Grpc;

    public interface IXdsClientObserver
    {
        void Connected();
        void Disconnected(GrpcStatus status);
        void Accepted(XdsResourceType type, string version);
        void Rejected(XdsResourceType type, string version, string message);
        void RequestSent(XdsResourceType type);
    }

    public sealed class XdsClientOptions
    {
        public required Envoy.Config.Core.V3.Node Node { get; init; }
        public required GrpcChannel Channel { get; init; }
        public required string Method { get; init; }
        public bool Delta { get; init; }
        public TimeProvider Time { get; init; } = TimeProvider.System;
        public Random Random { get; init; } = Random.Shared;
        public IXdsClientObserver? Observer { get; init; }
    }

    public sealed class XdsClient(XdsClientOptions options) : IAsyncDisposable
    {
        public XdsClientOptions Options { get; } = options;
        public void Watch(XdsResourceType type, IXdsWatcher watcher, IReadOnlyCollection<string>? names) { }
        public void SetNames(XdsResourceType type, IReadOnlyCollection<string> names) { }
        public void Start() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public sealed class XdsFileSubscription(string path, XdsResourceType type, IXdsWatcher watcher, Func<string, DiscoveryResponse> read, TimeProvider time) : IDisposable
    {
        public void Start() => watcher.OnUpdate(new XdsUpdate { Type = type, Version = path, Resources = [], Removed = [], IsStateOfTheWorld = read(path) is null || time is null });
        public void Dispose() { }
    }
}
