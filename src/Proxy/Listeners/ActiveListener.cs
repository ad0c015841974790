using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Proxy.Listeners.Config;
using Proxy.Listeners.Inspection;

namespace Proxy.Listeners;

/// <summary>
/// A running listener: the bound socket (when bind_to_port), the accept loop, and per connection the
/// path of DESIGN.md step 2 — listener filters peek, the filter chain is picked, the chain's terminal
/// filter takes the connection.
/// </summary>
internal sealed class ActiveListener : IAsyncDisposable
{
    private readonly FilterChainSelector _selector;
    private readonly Dictionary<FilterChainConfig, IConnectionHandler> _handlers;
    private readonly SocketConnectionContextFactory _connections;
    private readonly TimeProvider _time;
    private readonly ListenerDirectory? _directory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<ConnectionContext, byte> _open = new(ReferenceEqualityComparer.Instance);

    public ActiveListener(
        ListenerConfig config,
        Func<FilterChainConfig, IConnectionHandler> createHandler,
        ListenerStats stats,
        SocketConnectionFactoryOptions socketOptions,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        ListenerDirectory? directory = null)
    {
        Config = config;
        Stats = stats;
        _time = time;
        _directory = directory;
        _logger = loggerFactory.CreateLogger("Proxy.Listeners");
        _selector = new FilterChainSelector(config.FilterChains, config.DefaultFilterChain);
        _handlers = new Dictionary<FilterChainConfig, IConnectionHandler>(ReferenceEqualityComparer.Instance);
        foreach (var chain in config.FilterChains)
        {
            _handlers[chain] = createHandler(chain);
        }

        if (config.DefaultFilterChain is { } fallback)
        {
            _handlers[fallback] = createHandler(fallback);
        }

        socketOptions.MaxReadBufferSize = config.PerConnectionBufferLimitBytes;
        socketOptions.MaxWriteBufferSize = config.PerConnectionBufferLimitBytes;
        _connections = new SocketConnectionContextFactory(socketOptions, loggerFactory.CreateLogger("Proxy.Listeners.Socket"));
    }

    public ListenerConfig Config { get; }

    public ListenerStats Stats { get; }

    /// <summary>The address actually bound (port 0 resolved), or null when not bound.</summary>
    public EndPoint? BoundEndPoint => _sockets.Count > 0 ? _sockets[0].LocalEndPoint : null;

    /// <summary>Connections this listener accepted that are still open.</summary>
    public int OpenConnections => _open.Count;

    /// <summary>The connections open now (a snapshot), for a drain that asks them to close one by one.</summary>
    public ConnectionContext[] SnapshotConnections() => [.. _open.Keys];

    /// <summary>
    /// Asks a connection to close once its in-flight requests end: Connection: close on an HTTP/1.1 connection's
    /// next response (an idle one closes at once, as Kestrel's lifetime notification does), GOAWAY on HTTP/2.
    /// </summary>
    public static void RequestClose(ConnectionContext connection)
    {
        try
        {
            connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }
        catch (ObjectDisposedException)
        {
            // It closed meanwhile.
        }
    }

    /// <summary>
    /// Binds the listener's addresses, or, when <paramref name="inherited"/> is given (an update of a listener
    /// on the same addresses), accepts on the previous version's sockets: Envoy's listener update keeps the
    /// listen socket, so no connection attempt is refused while the new version takes over.
    /// </summary>
    public void Start(IReadOnlyList<Socket>? inherited = null)
    {
        if (!Config.BindToPort)
        {
            return;
        }

        if (inherited is { Count: > 0 })
        {
            foreach (var socket in inherited)
            {
                _sockets.Add(socket);
                _acceptLoops.Add(AcceptLoopAsync(socket));
            }

            return;
        }

        Bind(Config.Address, Config.Ipv4Compat);
        foreach (var additional in Config.AdditionalAddresses)
        {
            Bind(additional, ipv4Compat: false);
        }
    }

    /// <summary>Whether <paramref name="next"/> can take over this listener's sockets (same addresses and socket options).</summary>
    public bool CanHandSocketsTo(ListenerConfig next) =>
        Config.BindToPort && next.BindToPort
        && Equals(Config.Address, next.Address) && Config.AdditionalAddresses.SequenceEqual(next.AdditionalAddresses)
        && Config.ReusePort == next.ReusePort && Config.Transparent == next.Transparent && Config.Ipv4Compat == next.Ipv4Compat;

    /// <summary>
    /// Stops accepting without closing the sockets and gives them up, for the next version of this listener
    /// (<see cref="Start"/> with inherited sockets). Connections already accepted stay with this version.
    /// </summary>
    public IReadOnlyList<Socket> ReleaseSockets()
    {
        // Cancelling the pending accepts leaves the sockets open; a connection the old loop accepted just before
        // is served by this version, as in Envoy's in-place update.
        var sockets = _sockets.ToArray();
        _sockets.Clear();
        _stopping.Cancel();
        return sockets;
    }

    /// <summary>
    /// Drains the connections this listener accepted (a listener removed or replaced by xDS): HTTP connections
    /// are asked to close (Connection: close on the next response, GOAWAY on HTTP/2, idle ones at once, as
    /// Kestrel's lifetime notification does); whatever is still open after <paramref name="drainTime"/> is cut.
    /// </summary>
    public async Task DrainConnectionsAsync(TimeSpan drainTime)
    {
        foreach (var connection in _open.Keys)
        {
            RequestClose(connection);
        }

        var deadline = _time.GetTimestamp();
        while (!_open.IsEmpty && _time.GetElapsedTime(deadline) < drainTime)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time).ConfigureAwait(false);
        }

        foreach (var connection in _open.Keys)
        {
            connection.Abort(new ConnectionAbortedException("listener drained"));
        }
    }

    /// <summary>Stops accepting; connections already accepted carry on (the drain sequence ends them).</summary>
    public async Task StopAcceptingAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a connection another listener accepted and handed over because its original destination is
    /// this listener's address (use_original_dst). As in Envoy, this listener's own listener filters run on it;
    /// it is not handed over again.
    /// </summary>
    public Task AcceptHandedOffAsync(ConnectionContext connection, ConnectionInfo info) => ServeAsync(connection, info, handedOff: true);

    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        _connections.Dispose();
        _stopping.Dispose();
    }

    private void Bind(EndPoint address, bool ipv4Compat)
    {
        var socket = ListenerSocket.Bind(address, Config.ReusePort, Config.Transparent, ipv4Compat, Config.Backlog);
        _sockets.Add(socket);
        ListenerLog.Listening(_logger, Config.Name, socket.LocalEndPoint?.ToString() ?? address.ToString() ?? "");
        _acceptLoops.Add(AcceptLoopAsync(socket));
    }

    private async Task AcceptLoopAsync(Socket listening)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listening.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (!token.IsCancellationRequested)
            {
                // EMFILE, ECONNABORTED...: log and keep accepting, as Envoy does.
                ListenerLog.AcceptFailed(_logger, Config.Name, e);
                continue;
            }

            _ = AcceptAsync(accepted);
        }
    }

    private Task AcceptAsync(Socket socket)
    {
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            socket.NoDelay = true;
        }

        var info = new ConnectionInfo
        {
            LocalEndPoint = Normalize(socket.LocalEndPoint as IPEndPoint),
            RemoteEndPoint = Normalize(socket.RemoteEndPoint as IPEndPoint),
        };
        info.DirectRemoteEndPoint = info.RemoteEndPoint;
        if (Config.ReadsOriginalDst)
        {
            // Read now, while the socket is at hand; the original_dst filter applies it in its turn.
            info.SocketOriginalDestination = OriginalDestination.Read(socket, info.LocalEndPoint);
        }

        var connection = _connections.Create(socket);
        return ServeAsync(connection, info, handedOff: false);
    }

    private async Task ServeAsync(ConnectionContext connection, ConnectionInfo info, bool handedOff)
    {
        var downstream = new DownstreamConnection(Config, info, _time.GetUtcNow(), _time.GetTimestamp());
        ListenerLog.Accepted(_logger, downstream.Id, info.RemoteEndPoint?.ToString() ?? "unix", Config.Name);
        try
        {
            if (!await RunListenerFiltersAsync(connection, downstream).ConfigureAwait(false))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            // use_original_dst: the listener of the restored destination takes the connection; its stats count it.
            if (!handedOff && Config.UseOriginalDst && info.LocalAddressRestored && _directory?.Find(info.LocalEndPoint!) is { } target && target != this)
            {
                ListenerLog.HandedOff(_logger, downstream.Id, Config.Name, target.Config.Name);
                await target.AcceptHandedOffAsync(connection, info).ConfigureAwait(false);
                return;
            }

            Stats.DownstreamCxTotal.Inc();
            Stats.DownstreamCxActive.Inc();
            _open.TryAdd(connection, 0);
            connection.ConnectionClosed.UnsafeRegister(static state => ((ConnectionAccounting)state!).Closed(), new ConnectionAccounting(this, downstream, connection));
            var chain = _selector.Select(info);
            if (chain is null)
            {
                Stats.NoFilterChainMatch.Inc();
                ListenerLog.NoFilterChain(_logger, downstream.Id, Config.Name);
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            downstream.FilterChain = chain;
            if (chain.Refusal is { } refusal)
            {
                // Serving a TLS chain in plaintext, or a tunnel untunnelled, would be worse than refusing it.
                ListenerLog.RefusedChain(_logger, downstream.Id, chain.Name, refusal);
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            var rbacFilters = chain.NetworkRbac;
            for (var i = 0; i < rbacFilters.Count; i++)
            {
                var rbac = rbacFilters[i];
                if (!rbac.Admit(info, out var deniedBy))
                {
                    ListenerLog.RbacDenied(_logger, downstream.Id, rbac.Name, deniedBy!);
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return;
                }
            }

            connection.Features.Set(downstream);
            await _handlers[chain].HandleAsync(connection, downstream).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ListenerLog.HandlerFailed(_logger, downstream.Id, e);
            connection.Abort();
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <returns>False when the connection must be closed (peer gone, or filters timed out without continue).</returns>
    private async ValueTask<bool> RunListenerFiltersAsync(ConnectionContext connection, DownstreamConnection downstream)
    {
        var filters = Config.ListenerFilters;
        if (filters.Count == 0)
        {
            return true;
        }

        Stats.DownstreamPreCxActive.Inc();
        using var timeout = Config.ListenerFiltersTimeout > TimeSpan.Zero
            ? new CancellationTokenSource(Config.ListenerFiltersTimeout, _time)
            : new CancellationTokenSource();
        try
        {
            var input = connection.Transport.Input;
            var info = downstream.Info;
            for (var i = 0; i < filters.Count; i++)
            {
                var filter = filters[i];
                if (filter.Disabled is { } disabled && disabled.Matches(info))
                {
                    continue;
                }

                if (filter.Kind == ListenerFilterKind.OriginalDst)
                {
                    // envoy.filters.listener.original_dst: restore the pre-redirect destination when the kernel knows it.
                    if (info.SocketOriginalDestination is { } original)
                    {
                        info.LocalEndPoint = original;
                        info.LocalAddressRestored = true;
                    }

                    continue;
                }

                var outcome = filter.Kind switch
                {
                    ListenerFilterKind.TlsInspector => await Peeker.PeekAsync<TlsInspectorFilter>(input, info, timeout.Token).ConfigureAwait(false),
                    ListenerFilterKind.HttpInspector when info.TransportProtocol != "tls" => await Peeker.PeekAsync<HttpInspectorFilter>(input, info, timeout.Token).ConfigureAwait(false),
                    _ => PeekOutcome.Decided,
                };

                if (outcome == PeekOutcome.TimedOut)
                {
                    Stats.DownstreamPreCxTimeout.Inc();
                    ListenerLog.ListenerFilterTimeout(_logger, downstream.Id, Config.Name);
                    return Config.ContinueOnListenerFiltersTimeout;
                }

                if (outcome == PeekOutcome.PeerClosed)
                {
                    Stats.DownstreamListenerFilterRemoteClose.Inc();
                    return false;
                }
            }

            return true;
        }
        finally
        {
            Stats.DownstreamPreCxActive.Dec();
        }
    }

    private static IPEndPoint? Normalize(IPEndPoint? endPoint) =>
        endPoint is { Address.IsIPv4MappedToIPv6: true } ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private sealed class ConnectionAccounting(ActiveListener listener, DownstreamConnection connection, ConnectionContext context)
    {
        public void Closed()
        {
            listener._open.TryRemove(context, out _);
            var stats = listener.Stats;
            stats.DownstreamCxActive.Dec();
            stats.DownstreamCxDestroy.Inc();
            stats.DownstreamCxLengthMs.Record(listener._time.GetElapsedTime(connection.StartTimestamp).TotalMilliseconds);
        }
    }
}
