using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Grpc;
using RpcStatus = Google.Rpc.Status;

namespace Proxy.Xds.Client;

/// <summary>
/// One xDS stream (ADS or a per-type service), State of the World or Delta, as the "xDS REST and gRPC protocol"
/// describes: requests per type in Envoy's order (CDS, EDS, LDS, RDS, SDS) when the stream opens; each response
/// handed to its type's watcher, then ACKed (version_info and response_nonce) or NACKed (the last accepted
/// version, the nonce and error_detail with the watcher's message); names changed by a watcher go out after that
/// ACK. A lost stream is reopened with jittered exponential backoff; nothing is forgotten meanwhile, so the proxy
/// keeps serving what it last accepted, and the new stream tells the server what the client holds
/// (SotW: version_info; Delta: initial_resource_versions).
/// </summary>
public sealed class XdsClient : IAsyncDisposable
{
    private const string ResourceWrapper = "envoy.service.discovery.v3.Resource";

    private readonly XdsClientOptions _options;
    private readonly XdsBackoff _backoff;
    private readonly Lock _gate = new();
    private readonly List<XdsSubscription> _subscriptions = [];
    private readonly CancellationTokenSource _stop = new();
    private GrpcDuplexCall? _call;
    private bool _nodeSent;
    private bool _processing;
    private Task? _loop;

    public XdsClient(XdsClientOptions options)
    {
        _options = options;
        _backoff = new XdsBackoff(options.BackoffBase, options.BackoffMax, options.Random);
    }

    public bool IsConnected { get; private set; }

    /// <summary>Subscribes <paramref name="watcher"/> to <paramref name="type"/>: every resource (null names) or the given names.</summary>
    public void Watch(XdsResourceType type, IXdsWatcher watcher, IReadOnlyCollection<string>? names)
    {
        lock (_gate)
        {
            _subscriptions.RemoveAll(s => s.Type == type);
            _subscriptions.Add(new XdsSubscription(type, watcher, names) { Dirty = true });
            _subscriptions.Sort(static (a, b) => Order(a.Type).CompareTo(Order(b.Type)));
        }

        Flush();
    }

    /// <summary>Changes the names of a named subscription; callable from a watcher (the request follows its ACK).</summary>
    public void SetNames(XdsResourceType type, IReadOnlyCollection<string> names)
    {
        lock (_gate)
        {
            var subscription = Find(type);
            if (subscription is null || subscription.Names is null || subscription.Names.SetEquals(names))
            {
                return;
            }

            subscription.Names = new SortedSet<string>(names, StringComparer.Ordinal);
            subscription.Dirty = true;
        }

        Flush();
    }

    public void Start() => _loop ??= Task.Run(RunAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private static int Order(XdsResourceType type)
    {
        for (var i = 0; i < XdsResourceType.All.Count; i++)
        {
            if (XdsResourceType.All[i] == type)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var status = await RunStreamAsync(token).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                break;
            }

            IsConnected = false;
            _options.Observer?.Disconnected(status);
            try
            {
                await Task.Delay(_backoff.Next(), _options.Time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<GrpcStatus> RunStreamAsync(CancellationToken token)
    {
        var call = _options.Channel.StartDuplex(_options.Method, token);
        await using (call.ConfigureAwait(false))
        {
            lock (_gate)
            {
                _call = call;
                _nodeSent = false;
                foreach (var subscription in _subscriptions)
                {
                    subscription.RequestedOnStream = false;
                    subscription.LastNonce = string.Empty;
                    subscription.Dirty = true;
                }
            }

            try
            {
                Flush();
                await call.WhenStartedAsync().ConfigureAwait(false);
                IsConnected = true;
                _options.Observer?.Connected();
                while (!token.IsCancellationRequested)
                {
                    if (_options.Delta)
                    {
                        var response = await call.ReadAsync(DeltaDiscoveryResponse.Parser).ConfigureAwait(false);
                        if (response is null)
                        {
                            break;
                        }

                        _backoff.Reset();
                        Process(response);
                    }
                    else
                    {
                        var response = await call.ReadAsync(DiscoveryResponse.Parser).ConfigureAwait(false);
                        if (response is null)
                        {
                            break;
                        }

                        _backoff.Reset();
                        Process(response);
                    }
                }
            }
            catch (GrpcException e)
            {
                return e.Status;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidProtocolBufferException)
            {
                return new GrpcStatus(GrpcStatus.Unavailable, e.Message);
            }
            catch (OperationCanceledException)
            {
                return new GrpcStatus(GrpcStatus.Cancelled, "stopped");
            }
            finally
            {
                lock (_gate)
                {
                    _call = null;
                }
            }

            return call.Status.IsCompleted ? await call.Status.ConfigureAwait(false) : new GrpcStatus(GrpcStatus.Unavailable, "stream closed");
        }
    }

    private void Process(DiscoveryResponse response)
    {
        XdsSubscription? subscription;
        lock (_gate)
        {
            subscription = Find(response.TypeUrl);
            _processing = true;
        }

        try
        {
            if (subscription is null)
            {
                // A type nobody watches (Envoy logs and ignores it).
                return;
            }

            string? error = null;
            try
            {
                var resources = new List<XdsResource>(response.Resources.Count);
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var any in response.Resources)
                {
                    var resource = Unpack(subscription.Type, any, response.VersionInfo);
                    if (!names.Add(resource.Name))
                    {
                        throw new XdsRejectedException($"duplicate {subscription.Type.TypeName} '{resource.Name}' in the response");
                    }

                    resources.Add(resource);
                }

                subscription.Watcher.OnUpdate(new XdsUpdate
                {
                    Type = subscription.Type,
                    Version = response.VersionInfo,
                    Resources = resources,
                    Removed = [],
                    IsStateOfTheWorld = true,
                });
            }
            catch (XdsRejectedException e)
            {
                error = e.Message;
            }

            var ack = new DiscoveryRequest { TypeUrl = subscription.Type.TypeUrl, ResponseNonce = response.Nonce };
            lock (_gate)
            {
                subscription.LastNonce = response.Nonce;
                if (error is null)
                {
                    subscription.AcceptedVersion = response.VersionInfo;
                }
                else
                {
                    ack.ErrorDetail = new RpcStatus { Code = GrpcStatus.Internal, Message = error };
                }

                ack.VersionInfo = subscription.AcceptedVersion;
                if (subscription.Names is { } current)
                {
                    ack.ResourceNames.AddRange(current);
                    subscription.SentNames = new SortedSet<string>(current, StringComparer.Ordinal);
                    subscription.EverNamed |= current.Count > 0;
                }

                subscription.Dirty = false;
                Send(ack, subscription.Type);
            }

            Report(subscription.Type, response.VersionInfo, subscription.AcceptedVersion, error);
        }
        finally
        {
            lock (_gate)
            {
                _processing = false;
            }

            Flush();
        }
    }

    private void Process(DeltaDiscoveryResponse response)
    {
        XdsSubscription? subscription;
        lock (_gate)
        {
            subscription = Find(response.TypeUrl);
            _processing = true;
        }

        try
        {
            if (subscription is null)
            {
                return;
            }

            string? error = null;
            var resources = new List<XdsResource>(response.Resources.Count);
            try
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var wrapped in response.Resources)
                {
                    // Aliases and TTL-only heartbeats (a Resource without a body) carry nothing to apply.
                    if (wrapped.Resource_ is null)
                    {
                        continue;
                    }

                    var resource = Unpack(subscription.Type, wrapped.Resource_, wrapped.Version, wrapped.Name);
                    if (!names.Add(resource.Name))
                    {
                        throw new XdsRejectedException($"duplicate {subscription.Type.TypeName} '{resource.Name}' in the response");
                    }

                    resources.Add(resource);
                }

                subscription.Watcher.OnUpdate(new XdsUpdate
                {
                    Type = subscription.Type,
                    Version = response.SystemVersionInfo,
                    Resources = resources,
                    Removed = [.. response.RemovedResources],
                    IsStateOfTheWorld = false,
                });
            }
            catch (XdsRejectedException e)
            {
                error = e.Message;
            }

            var ack = new DeltaDiscoveryRequest { TypeUrl = subscription.Type.TypeUrl, ResponseNonce = response.Nonce };
            lock (_gate)
            {
                subscription.LastNonce = response.Nonce;
                if (error is null)
                {
                    subscription.AcceptedVersion = response.SystemVersionInfo;
                    foreach (var resource in resources)
                    {
                        subscription.Versions[resource.Name] = resource.Version;
                    }

                    foreach (var removed in response.RemovedResources)
                    {
                        subscription.Versions.Remove(removed);
                    }
                }
                else
                {
                    ack.ErrorDetail = new RpcStatus { Code = GrpcStatus.Internal, Message = error };
                }

                Send(ack, subscription.Type);
            }

            Report(subscription.Type, response.SystemVersionInfo, subscription.AcceptedVersion, error);
        }
        finally
        {
            lock (_gate)
            {
                _processing = false;
            }

            Flush();
        }
    }

    private void Report(XdsResourceType type, string received, string accepted, string? error)
    {
        if (error is null)
        {
            _options.Observer?.Accepted(type, received);
        }
        else
        {
            _options.Observer?.Rejected(type, accepted, error);
        }
    }

    /// <summary>Parses one resource, unwrapping <c>envoy.service.discovery.v3.Resource</c>; a bad one rejects the response.</summary>
    private static XdsResource Unpack(XdsResourceType type, Any any, string version, string? deltaName = null)
    {
        var typeName = AnyTypes.NameOf(any.TypeUrl);
        if (typeName == ResourceWrapper)
        {
            var wrapper = Resource.Parser.ParseFrom(any.Value);
            if (wrapper.Resource_ is null)
            {
                throw new XdsRejectedException($"{type.TypeName} '{wrapper.Name}': the Resource wrapper holds no resource");
            }

            return Unpack(type, wrapper.Resource_, string.IsNullOrEmpty(wrapper.Version) ? version : wrapper.Version, string.IsNullOrEmpty(wrapper.Name) ? deltaName : wrapper.Name);
        }

        if (typeName != type.TypeName)
        {
            throw new XdsRejectedException($"a resource of type '{any.TypeUrl}' in a response for {type.TypeUrl}");
        }

        IMessage? message = null;
        string wireName;
        try
        {
            if (type.ParsedOnRead)
            {
                wireName = WireName.Read(any.Value);
            }
            else
            {
                message = type.Parse(any.Value);
                wireName = type.NameOf(message);
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new XdsRejectedException($"{type.TypeName}{(deltaName is null ? "" : $" '{deltaName}'")}: the resource does not parse: {e.Message}");
        }

        if (message is null)
        {
            return Named(type, wireName, deltaName, name => XdsResource.OnRead(name, version, any.Value, type));
        }

        return Named(type, wireName, deltaName, name => new XdsResource(name, version, message) { Wire = any.Value });
    }

    /// <summary>The resource under its own name, else the Delta wrapper's; a resource with neither rejects the response.</summary>
    private static XdsResource Named(XdsResourceType type, string name, string? deltaName, Func<string, XdsResource> create)
    {
        if (string.IsNullOrEmpty(name))
        {
            name = deltaName ?? string.Empty;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new XdsRejectedException($"{type.TypeName}: a resource without a name");
        }

        return create(name);
    }

    /// <summary>Sends the requests of subscriptions that changed, unless a response is being processed (its ACK goes first).</summary>
    private void Flush()
    {
        lock (_gate)
        {
            if (_call is null || _processing)
            {
                return;
            }

            foreach (var subscription in _subscriptions)
            {
                if (!subscription.Dirty)
                {
                    continue;
                }

                // A named type with nothing to ask for yet sends nothing (an empty list would read as a wildcard),
                // unless it asked for names before on this stream and now wants none.
                var names = subscription.Names;
                if (names is { Count: 0 } && !(subscription.RequestedOnStream && subscription.EverNamed) && !_options.Delta)
                {
                    subscription.Dirty = false;
                    continue;
                }

                if (_options.Delta)
                {
                    SendDelta(subscription);
                }
                else
                {
                    var request = new DiscoveryRequest
                    {
                        TypeUrl = subscription.Type.TypeUrl,
                        VersionInfo = subscription.AcceptedVersion,
                        ResponseNonce = subscription.LastNonce,
                    };
                    if (names is not null)
                    {
                        request.ResourceNames.AddRange(names);
                        subscription.SentNames = new SortedSet<string>(names, StringComparer.Ordinal);
                        subscription.EverNamed |= names.Count > 0;
                    }

                    Send(request, subscription.Type);
                }

                subscription.RequestedOnStream = true;
                subscription.Dirty = false;
            }
        }
    }

    private void SendDelta(XdsSubscription subscription)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = subscription.Type.TypeUrl };
        var names = subscription.Names;
        if (!subscription.RequestedOnStream)
        {
            // First request of the type on this stream: what the client wants and what it already holds.
            if (names is not null)
            {
                if (names.Count == 0)
                {
                    return;
                }

                request.ResourceNamesSubscribe.AddRange(names);
            }

            foreach (var (name, version) in subscription.Versions)
            {
                request.InitialResourceVersions[name] = version;
            }

            subscription.SentNames = names is null ? new SortedSet<string>(StringComparer.Ordinal) : new SortedSet<string>(names, StringComparer.Ordinal);
        }
        else if (names is not null)
        {
            foreach (var name in names)
            {
                if (!subscription.SentNames.Contains(name))
                {
                    request.ResourceNamesSubscribe.Add(name);
                }
            }

            foreach (var name in subscription.SentNames)
            {
                if (!names.Contains(name))
                {
                    request.ResourceNamesUnsubscribe.Add(name);
                    subscription.Versions.Remove(name);
                }
            }

            if (request.ResourceNamesSubscribe.Count == 0 && request.ResourceNamesUnsubscribe.Count == 0)
            {
                return;
            }

            subscription.SentNames = new SortedSet<string>(names, StringComparer.Ordinal);
        }
        else
        {
            return;
        }

        Send(request, subscription.Type);
    }

    private void Send(DiscoveryRequest request, XdsResourceType type)
    {
        if (!_nodeSent)
        {
            request.Node = _options.Node;
            _nodeSent = true;
        }

        Write(request, type);
    }

    private void Send(DeltaDiscoveryRequest request, XdsResourceType type)
    {
        if (!_nodeSent)
        {
            request.Node = _options.Node;
            _nodeSent = true;
        }

        Write(request, type);
    }

    private void Write(IMessage request, XdsResourceType type)
    {
        var call = _call;
        if (call is null)
        {
            return;
        }

        // The outbound queue is unbounded: the write completes synchronously.
        _ = call.WriteAsync(request).AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);
        _options.Observer?.RequestSent(type);
    }

    private XdsSubscription? Find(XdsResourceType type)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Type == type)
            {
                return subscription;
            }
        }

        return null;
    }

    private XdsSubscription? Find(string typeUrl)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Type.TypeUrl == typeUrl)
            {
                return subscription;
            }
        }

        return null;
    }
}
