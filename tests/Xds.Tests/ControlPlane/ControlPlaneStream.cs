using System.Buffers.Binary;
using System.Security.Cryptography;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Proxy.Xds.Tests.ControlPlane;

/// <summary>One gRPC stream of the test control plane: reads requests, answers from the snapshots.</summary>
internal sealed class ControlPlaneStream
{
    private readonly TestControlPlane _server;
    private readonly HttpContext _http;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<(int Code, string Message)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, SotwState> _sotw = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeltaState> _delta = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ControlPlaneStream(TestControlPlane server, HttpContext http, bool delta)
    {
        _server = server;
        _http = http;
        IsDelta = delta;
    }

    public bool IsDelta { get; }

    public async Task RunAsync()
    {
        await _http.Response.StartAsync();
        await _http.Response.Body.FlushAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted);
        var reading = ReadLoopAsync(stop.Token);
        var finished = await Task.WhenAny(reading, _closed.Task);
        var (code, message) = finished == _closed.Task ? await _closed.Task : (0, string.Empty);
        await stop.CancelAsync();
        _http.Response.AppendTrailer("grpc-status", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.Length > 0)
        {
            _http.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
        }
    }

    public void Close(int code, string message) => _closed.TrySetResult((code, message));

    public void Send(IMessage response)
    {
        var length = response.CalculateSize();
        var frame = new byte[5 + length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), length);
        response.WriteTo(frame.AsSpan(5));
        _writeLock.Wait();
        try
        {
            _http.Response.Body.WriteAsync(frame).AsTask().GetAwaiter().GetResult();
            _http.Response.Body.FlushAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The client went away; the stream ends with its read loop.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A type's snapshot changed: push it if this stream subscribed to the type.</summary>
    public void Offer(string typeUrl, TypeSnapshot snapshot)
    {
        lock (_gate)
        {
            if (IsDelta)
            {
                if (_delta.TryGetValue(typeUrl, out var state))
                {
                    SendDelta(typeUrl, state, snapshot, force: false);
                }
            }
            else if (_sotw.TryGetValue(typeUrl, out var state) && !ReferenceEquals(state.SentSnapshot, snapshot))
            {
                // SetResources stores the snapshot before offering it: the answer to a request read in
                // between may have sent this very snapshot already, and a second copy would draw a second ACK.
                SendSotw(typeUrl, state, snapshot);
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken token)
    {
        var body = _http.Request.Body;
        var header = new byte[5];
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (!await ReadExactlyAsync(body, header, token))
                {
                    return;
                }

                var message = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
                if (!await ReadExactlyAsync(body, message, token))
                {
                    return;
                }

                if (IsDelta)
                {
                    OnDelta(DeltaDiscoveryRequest.Parser.ParseFrom(message));
                }
                else
                {
                    OnSotw(DiscoveryRequest.Parser.ParseFrom(message));
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private void OnSotw(DiscoveryRequest request)
    {
        _server.Record(request.TypeUrl, request);
        lock (_gate)
        {
            var names = TestControlPlane.IsWildcardType(request.TypeUrl) && request.ResourceNames.Count == 0 ? null : new SortedSet<string>(request.ResourceNames, StringComparer.Ordinal);
            var isNew = !_sotw.TryGetValue(request.TypeUrl, out var state);
            state ??= new SotwState();
            _sotw[request.TypeUrl] = state;
            var namesChanged = !SameNames(state.Names, names) || isNew;
            state.Names = names;
            if (request.ErrorDetail is not null && request.ErrorDetail.Code != 0)
            {
                return;
            }

            if (_server.Snapshot(request.TypeUrl) is not { } snapshot)
            {
                return;
            }

            if (namesChanged ? snapshot.Version != request.VersionInfo || !isNew : snapshot.Version != state.SentVersion)
            {
                SendSotw(request.TypeUrl, state, snapshot);
            }
        }
    }

    private void SendSotw(string typeUrl, SotwState state, TypeSnapshot snapshot)
    {
        var response = new DiscoveryResponse { TypeUrl = typeUrl, VersionInfo = snapshot.Version, Nonce = _server.NextNonce() };
        foreach (var (name, resource) in snapshot.Resources.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            if (state.Names is null || state.Names.Contains(name))
            {
                response.Resources.Add(resource);
            }
        }

        state.SentVersion = snapshot.Version;
        state.SentSnapshot = snapshot;
        Send(response);
    }

    private void OnDelta(DeltaDiscoveryRequest request)
    {
        _server.Record(request.TypeUrl, request);
        lock (_gate)
        {
            var isNew = !_delta.TryGetValue(request.TypeUrl, out var state);
            if (state is null)
            {
                state = new DeltaState { Wildcard = TestControlPlane.IsWildcardType(request.TypeUrl) && request.ResourceNamesSubscribe.Count == 0 };
                _delta[request.TypeUrl] = state;
                foreach (var (name, version) in request.InitialResourceVersions)
                {
                    state.Known[name] = version;
                }
            }

            foreach (var name in request.ResourceNamesSubscribe)
            {
                state.Names.Add(name);
            }

            foreach (var name in request.ResourceNamesUnsubscribe)
            {
                state.Names.Remove(name);
                state.Known.Remove(name);
            }

            if (!string.IsNullOrEmpty(request.ResponseNonce) && request.ResourceNamesSubscribe.Count == 0 && request.ResourceNamesUnsubscribe.Count == 0)
            {
                return;
            }

            if (_server.Snapshot(request.TypeUrl) is { } snapshot)
            {
                SendDelta(request.TypeUrl, state, snapshot, force: isNew);
            }
        }
    }

    private void SendDelta(string typeUrl, DeltaState state, TypeSnapshot snapshot, bool force)
    {
        var response = new DeltaDiscoveryResponse { TypeUrl = typeUrl, SystemVersionInfo = snapshot.Version, Nonce = _server.NextNonce() };
        foreach (var (name, resource) in snapshot.Resources.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            if (!state.Wildcard && !state.Names.Contains(name))
            {
                continue;
            }

            var version = Convert.ToHexString(SHA256.HashData(resource.Value.Span))[..12];
            if (state.Known.TryGetValue(name, out var known) && known == version)
            {
                continue;
            }

            state.Known[name] = version;
            response.Resources.Add(new Resource { Name = name, Version = version, Resource_ = resource });
        }

        foreach (var name in state.Known.Keys.ToList())
        {
            if (!snapshot.Resources.ContainsKey(name))
            {
                state.Known.Remove(name);
                response.RemovedResources.Add(name);
            }
        }

        if (force || response.Resources.Count > 0 || response.RemovedResources.Count > 0)
        {
            Send(response);
        }
    }

    private static bool SameNames(SortedSet<string>? a, SortedSet<string>? b) =>
        (a is null && b is null) || (a is not null && b is not null && a.SetEquals(b));

    private static async Task<bool> ReadExactlyAsync(Stream stream, byte[] buffer, CancellationToken token)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), token);
            if (n == 0)
            {
                return false;
            }

            total += n;
        }

        return true;
    }

    private sealed class SotwState
    {
        public SortedSet<string>? Names { get; set; }

        public string? SentVersion { get; set; }

        public TypeSnapshot? SentSnapshot { get; set; }
    }

    private sealed class DeltaState
    {
        public bool Wildcard { get; init; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Known { get; } = new(StringComparer.Ordinal);
    }
}
