using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Proxy.Xds.Tests.ControlPlane;

/// <summary>
/// An xDS server for tests, in process: Kestrel with h2c (prior knowledge) on a loopback port and optionally a
/// Unix socket, the gRPC framing of the real thing, ADS (SotW and Delta) and the per-type services. It works
/// like go-control-plane's snapshot cache: <see cref="SetResources"/> sets the current version of a type and
/// every stream subscribed to that type receives it (SotW: the whole set, named types filtered by the requested
/// names; Delta: what changed). Every request is recorded for assertions, and a test can push raw responses,
/// close streams with a status, or refuse new streams.
/// </summary>
public sealed class TestControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TypeSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ControlPlaneStream> _streams = new();
    private readonly Channel<(string TypeUrl, IMessage Request)> _requests = Channel.CreateUnbounded<(string, IMessage)>();
    private readonly ConcurrentQueue<(string TypeUrl, IMessage Request)> _unclaimed = new();
    private int _nextStream;
    private int _nonce;

    private TestControlPlane(WebApplication app, int port, string? socketPath)
    {
        _app = app;
        Port = port;
        SocketPath = socketPath;
    }

    public int Port { get; }

    public string? SocketPath { get; }

    /// <summary>Every request received, in order, on every stream.</summary>
    public ConcurrentQueue<IMessage> AllRequests { get; } = new();

    /// <summary>The number of streams opened so far.</summary>
    public int StreamsOpened => Volatile.Read(ref _nextStream);

    /// <summary>When set, new streams are answered with this status at once (trailers-only).</summary>
    public (int Code, string Message)? RefuseWith { get; set; }

    public int OpenStreams => _streams.Count;

    public static async Task<TestControlPlane> StartAsync(string? unixSocketPath = null)
    {
        var port = FreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MaxRequestBodySize = null;
            options.Limits.Http2.KeepAlivePingDelay = TimeSpan.MaxValue;
            options.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2);
            if (unixSocketPath is not null)
            {
                options.ListenUnixSocket(unixSocketPath, o => o.Protocols = HttpProtocols.Http2);
            }
        });
        var app = builder.Build();
        var server = new TestControlPlane(app, port, unixSocketPath);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>Sets the current resources of a type and pushes them to every stream subscribed to it.</summary>
    public void SetResources(string typeUrl, string version, params IMessage[] resources)
    {
        var snapshot = new TypeSnapshot(version, resources.ToDictionary(NameOf, r => Any.Pack(r), StringComparer.Ordinal));
        _snapshots[typeUrl] = snapshot;
        foreach (var stream in _streams.Values)
        {
            stream.Offer(typeUrl, snapshot);
        }
    }

    /// <summary>The current snapshot of a type, or null.</summary>
    internal TypeSnapshot? Snapshot(string typeUrl) => _snapshots.GetValueOrDefault(typeUrl);

    /// <summary>Sends a raw SotW response on every open SotW stream (for garbage, wrong types, ...).</summary>
    public void PushRaw(DiscoveryResponse response)
    {
        foreach (var stream in _streams.Values)
        {
            if (!stream.IsDelta)
            {
                response.Nonce = NextNonce();
                stream.Send(response.Clone());
            }
        }
    }

    /// <summary>Sends a raw Delta response on every open Delta stream.</summary>
    public void PushRawDelta(DeltaDiscoveryResponse response)
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.IsDelta)
            {
                response.Nonce = NextNonce();
                stream.Send(response.Clone());
            }
        }
    }

    /// <summary>Ends every open stream with this gRPC status.</summary>
    public void CloseStreams(int code = 14, string message = "closed by the test")
    {
        foreach (var stream in _streams.Values)
        {
            stream.Close(code, message);
        }
    }

    /// <summary>The next request of <paramref name="typeUrl"/> received (any stream); earlier ones of other types wait their turn.</summary>
    public async Task<T> NextRequestAsync<T>(string typeUrl, TimeSpan? timeout = null)
        where T : class, IMessage
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var skipped = new List<(string, IMessage)>();
        while (_unclaimed.TryDequeue(out var queued))
        {
            if (queued.TypeUrl == typeUrl && queued.Request is T found)
            {
                foreach (var item in skipped)
                {
                    _unclaimed.Enqueue(item);
                }

                return found;
            }

            skipped.Add(queued);
        }

        foreach (var item in skipped)
        {
            _unclaimed.Enqueue(item);
        }

        while (true)
        {
            var (type, request) = await _requests.Reader.ReadAsync(cts.Token);
            if (type == typeUrl && request is T match)
            {
                return match;
            }

            _unclaimed.Enqueue((type, request));
        }
    }

    public async ValueTask DisposeAsync()
    {
        CloseStreams(1, "control plane stopping");
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal string NextNonce() => Interlocked.Increment(ref _nonce).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void Record(string typeUrl, IMessage request)
    {
        AllRequests.Enqueue(request);
        _requests.Writer.TryWrite((typeUrl, request));
    }

    internal static string NameOf(IMessage resource) => resource switch
    {
        Envoy.Config.Listener.V3.Listener l => l.Name,
        Envoy.Config.Cluster.V3.Cluster c => c.Name,
        Envoy.Config.Route.V3.RouteConfiguration r => r.Name,
        Envoy.Config.Endpoint.V3.ClusterLoadAssignment e => e.ClusterName,
        Envoy.Extensions.TransportSockets.Tls.V3.Secret s => s.Name,
        _ => throw new ArgumentException("unknown resource type " + resource.Descriptor.FullName),
    };

    internal static bool IsWildcardType(string typeUrl) =>
        typeUrl.EndsWith(".Listener", StringComparison.Ordinal) || typeUrl.EndsWith(".Cluster", StringComparison.Ordinal);

    private async Task HandleAsync(HttpContext http)
    {
        http.Response.ContentType = "application/grpc";
        if (RefuseWith is { } refusal)
        {
            http.Response.Headers["grpc-status"] = refusal.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = Uri.EscapeDataString(refusal.Message);
            return;
        }

        var path = http.Request.Path.Value ?? string.Empty;
        var delta = path.Contains("/Delta", StringComparison.Ordinal);
        var id = Interlocked.Increment(ref _nextStream);
        var stream = new ControlPlaneStream(this, http, delta);
        _streams[id] = stream;
        try
        {
            await stream.RunAsync();
        }
        finally
        {
            _streams.TryRemove(id, out _);
        }
    }

    private static int FreeTcpPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
