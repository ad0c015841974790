using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Proxy.Filters.AccessLog;
using Proxy.Filters.Http;
using Proxy.Filters.StreamInfo;
using Proxy.Http.Codec;
using Proxy.Http.Timeouts;
using Proxy.Listeners;
using Proxy.Listeners.Inspection;
using Proxy.Router;
using Proxy.Routing;
using Proxy.Routing.Actions;
using Proxy.Routing.Headers;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// envoy.filters.network.http_connection_manager at run time, for one filter chain. As a network filter it
/// hands the connection to its codec (Kestrel's HTTP/1.1 or the own HTTP/2 server, AUTO by the client
/// preface); for each
/// request it runs DESIGN.md step 5: header sanitation, route match, the HTTP filters, the router; and it
/// ends every request with stats and access logs.
/// </summary>
internal sealed class HttpConnectionManager : IConnectionHandler, IHttpRequestHandler
{
    private readonly Func<RouteTable?> _routes;
    private readonly HttpRouter _router;
    private readonly CodecServer _codec;
    private readonly TimeProvider _time;
    private readonly IDrainDecision _drain;
    private readonly NodeIdentity _node;
    private readonly ILogger _logger;
    private readonly HttpFilterEntry[] _filters;

    public HttpConnectionManager(
        HttpConnectionManagerConfig config,
        HcmStats stats,
        Func<RouteTable?> routes,
        HttpRouter router,
        CodecServer codec,
        TimeProvider time,
        IDrainDecision drain,
        NodeIdentity node,
        ILoggerFactory loggers)
    {
        Config = config;
        Stats = stats;
        _routes = routes;
        _router = router;
        _codec = codec;
        _time = time;
        _drain = drain;
        _node = node;
        _logger = loggers.CreateLogger("Proxy.Http.ConnectionManager");
        var active = new List<HttpFilterEntry>();
        foreach (var entry in config.HttpFilters)
        {
            if (entry.Filter is not null)
            {
                active.Add(entry);
            }
        }

        _filters = [.. active];
    }

    public HttpConnectionManagerConfig Config { get; }

    public HcmStats Stats { get; }

    public async ValueTask HandleAsync(ConnectionContext connection, DownstreamConnection downstream)
    {
        var codec = await ChooseCodecAsync(connection, downstream).ConfigureAwait(false);
        if (codec is null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        downstream.RequestHandler = this;
        Stats.DownstreamCxTotal.Inc();
        Stats.DownstreamCxActive.Inc();
        var http2 = codec == HttpCodec.Http2;
        (http2 ? Stats.DownstreamCxHttp2Total : Stats.DownstreamCxHttp1Total).Inc();
        (http2 ? Stats.DownstreamCxHttp2Active : Stats.DownstreamCxHttp1Active).Inc();
        connection.ConnectionClosed.UnsafeRegister(
            static state =>
            {
                var (stats, h2) = ((HcmStats, bool))state!;
                stats.DownstreamCxActive.Dec();
                stats.DownstreamCxDestroy.Inc();
                (h2 ? stats.DownstreamCxHttp2Active : stats.DownstreamCxHttp1Active).Dec();
            },
            (Stats, http2));

        if (http2)
        {
            await _codec.ServeHttp2Async(connection, downstream, this, _time).ConfigureAwait(false);
        }
        else if (!_codec.Dispatch(connection, codec.Value))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task ProcessAsync(RequestContext context)
    {
        var http = context.Http;
        var info = context.StreamInfo;
        var connection = context.Connection!;
        info.StartTime = _time.GetUtcNow();
        info.StartTimestamp = _time.GetTimestamp();
        info.ConnectionId = connection.Id;
        info.ListenerName = connection.Listener.Name;
        info.FilterChainName = connection.FilterChain?.Name;
        info.RequestedServerName = connection.Info.ServerName;
        info.DownstreamLocalAddress = connection.Info.LocalEndPoint;
        info.DownstreamLocalAddressRestored = connection.Info.LocalAddressRestored;
        info.DownstreamDirectRemoteAddress = connection.Info.DirectRemoteEndPoint;
        info.DownstreamRemoteAddress = connection.Info.RemoteEndPoint;
        info.Protocol = http.Request.Protocol;
        info.RequestHeaders = http.Request.Headers;
        info.ResponseHeaders = http.Response.Headers;

        Stats.DownstreamRqTotal.Inc();
        Stats.RqTotal.Inc();
        (HttpProtocol.IsHttp2(info.Protocol) ? Stats.DownstreamRqHttp2Total : Stats.DownstreamRqHttp1Total).Inc();
        Stats.DownstreamRqActive.Inc();
        context.Timers.Start(_time, Config.StreamIdleTimeout, Config.RequestTimeout);
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            // Headers-only request: it is complete already (Envoy disarms request_timeout at end_stream).
            context.Timers.RequestComplete();
        }

        try
        {
            await ServeAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested || e is ConnectionResetException or BadHttpRequestException)
        {
            // The client went away (or broke the protocol) mid-request; Kestrel closes the stream.
            // Complete() counts downstream_rq_rx_reset.
            info.SetResponseFlag(ResponseFlags.DownstreamConnectionTermination);
        }
        finally
        {
            context.Timers.Stop();
            Complete(context);
        }
    }

    /// <summary>
    /// A stream timer fired (<see cref="StreamTimers.Fired"/>): Envoy's onIdleTimeout / onRequestTimeout.
    /// Before the response started the client gets a 408 local reply; after, the stream is reset.
    /// </summary>
    public Task OnStreamTimeoutAsync(RequestContext context)
    {
        var idle = context.Timers.Fired == StreamTimeout.Idle;
        (idle ? Stats.DownstreamRqIdleTimeout : Stats.DownstreamRqTimeout).Inc();
        var reply = idle ? LocalReplies.StreamIdleTimeout : LocalReplies.RequestTimeout;
        if (context.Http.Response.HasStarted)
        {
            context.StreamInfo.SetResponseFlag(reply.Flags);
            context.StreamInfo.ResponseCodeDetails = reply.Details;
            context.Http.Abort();
            return Task.CompletedTask;
        }

        return SendLocalReplyAsync(context, reply);
    }

    /// <summary>
    /// Envoy's encodeHeaders side, once per response: the drain decision, Server header, request id, Via, then
    /// the HTTP filters in reverse order.
    /// </summary>
    public void FinalizeResponseHeaders(RequestContext context)
    {
        if (context.ResponseFinalized)
        {
            return;
        }

        context.ResponseFinalized = true;
        var headers = context.Http.Response.Headers;
        DrainClose(context);
        switch (Config.ServerHeaderTransformation)
        {
            case ServerHeaderTransformation.Overwrite:
                headers.Server = Config.ServerName;
                break;
            case ServerHeaderTransformation.AppendIfAbsent when headers.Server.Count == 0:
                headers.Server = Config.ServerName;
                break;
        }

        if (Config.AlwaysSetRequestIdInResponse && context.StreamInfo.RequestId is { } id)
        {
            headers[EnvoyHeaders.RequestId] = id;
        }

        if (Config.Via is { } via)
        {
            var existing = headers[EnvoyHeaders.Via];
            headers[EnvoyHeaders.Via] = existing.Count == 0 ? via : existing.ToString() + "," + via;
        }

        for (var i = _filters.Length - 1; i >= 0; i--)
        {
            _filters[i].Filter!.OnResponse(context.Filters);
        }
    }

    /// <summary>
    /// While the server drains (or fails health checks), a response may close its connection, as Envoy's HCM
    /// decides in encodeHeaders: once per connection, HTTP/2 sends GOAWAY (the streams it has finish); every
    /// later HTTP/1.1 response on it says Connection: close, except an upgrade's 101 and a CONNECT's answer.
    /// </summary>
    private void DrainClose(RequestContext context)
    {
        var connection = context.Connection!;
        var http = context.Http;
        if (!connection.DrainClosing && _drain.DrainClose(connection.Listener))
        {
            connection.DrainClosing = true;
            Stats.DownstreamCxDrainClose.Inc();
            if (HttpProtocol.IsHttp2(http.Request.Protocol))
            {
                http.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
            }
        }

        if (connection.DrainClosing && !HttpProtocol.IsHttp2(http.Request.Protocol)
            && http.Response.StatusCode != StatusCodes.Status101SwitchingProtocols && !HttpMethods.IsConnect(http.Request.Method))
        {
            http.Response.Headers.Connection = "close";
        }
    }

    public Task SendLocalReplyAsync(RequestContext context, LocalReply reply)
    {
        context.Filters.SendLocalReply(reply);
        context.StreamInfo.ResponseCodeDetails = reply.Details;
        var http = context.Http;
        if (!http.Response.HasStarted)
        {
            http.Response.StatusCode = reply.StatusCode;
            FinalizeResponseHeaders(context);
        }

        return LocalReplyWriter.WriteAsync(http, reply, GrpcStatus.IsGrpc(http.Request.ContentType));
    }

    private async ValueTask<HttpCodec?> ChooseCodecAsync(ConnectionContext connection, DownstreamConnection downstream)
    {
        switch (Config.CodecType)
        {
            case CodecType.Http1:
                return HttpCodec.Http1;
            case CodecType.Http2:
                return HttpCodec.Http2;
        }

        var protocols = downstream.Info.ApplicationProtocols;
        if (Array.IndexOf(protocols, HttpInspector.H2c) >= 0 || Array.IndexOf(protocols, "h2") >= 0)
        {
            return HttpCodec.Http2;
        }

        if (Array.IndexOf(protocols, HttpInspector.Http11) >= 0 || Array.IndexOf(protocols, HttpInspector.Http10) >= 0)
        {
            return HttpCodec.Http1;
        }

        // Codec AUTO without http_inspector: read the first bytes ourselves (RFC 9113 §3.4 preface).
        using var timeout = new CancellationTokenSource(Config.Codec.RequestHeadersTimeout, _time);
        var outcome = await Peeker.PeekAsync<CodecSniffer>(connection.Transport.Input, downstream.Info, timeout.Token).ConfigureAwait(false);
        if (outcome == PeekOutcome.TimedOut)
        {
            return null;
        }

        return downstream.Info.StartsWithHttp2Preface == true ? HttpCodec.Http2 : HttpCodec.Http1;
    }

    /// <summary>
    /// DESIGN.md step 5 for one request. Not an async method: each step that answers returns its task, and the
    /// router's task is returned, not awaited, so a request that is forwarded passes through one async layer
    /// fewer; only an HTTP filter that does not complete at once continues in <see cref="ContinueFiltersAsync"/>.
    /// </summary>
    private ValueTask ServeAsync(RequestContext context)
    {
        var http = context.Http;
        var request = http.Request;
        var headers = request.Headers;
        var info = context.StreamInfo;

        // 1. Requests Envoy refuses before routing.
        if (!Config.AcceptHttp10 && HttpProtocol.IsHttp10(request.Protocol))
        {
            return ReplyAsync(context, LocalReplies.Http10NotAllowed);
        }

        if (HasContentLengthAndChunked(request))
        {
            // RFC 9112 §6.3: both framings is a smuggling attempt; Envoy refuses it (allow_chunked_length
            // off) and closes the connection.
            http.Response.Headers.Connection = "close";
            return ReplyAsync(context, LocalReplies.ContentLengthAndChunked);
        }

        if (headers.Host.Count == 0 || headers.Host[0]!.Length == 0)
        {
            if (Config.DefaultHostForHttp10 is { } defaultHost && HttpProtocol.IsHttp10(request.Protocol))
            {
                headers.Host = defaultHost;
            }
            else if (!HttpProtocol.IsHttp10(request.Protocol))
            {
                return ReplyAsync(context, LocalReplies.MissingHost);
            }
        }

        if (Config.HeadersWithUnderscoresAction != HeadersWithUnderscoresAction.Allow && !HandleUnderscores(headers))
        {
            Stats.RequestsRejectedWithUnderscoresInHeaders.Inc();
            return ReplyAsync(context, LocalReplies.UnderscoreHeader);
        }

        // 2. The :path to route and forward.
        var reply = PreparePath(context);
        if (reply is not null)
        {
            if (ReferenceEquals(reply, LocalReplies.PathNormalizationFailed))
            {
                Stats.DownstreamRqFailedPathNormalization.Inc();
            }

            return ReplyAsync(context, reply);
        }

        // 3. Forwarding headers, trusted client address, request id.
        var remote = RequestHeaderMutation.Apply(headers, Config, context.Connection!.Info.RemoteEndPoint, "http", out var internalRequest, out var edgeRequest);
        info.DownstreamRemoteAddress = remote;
        info.RequestId = RequestHeaderMutation.ApplyRequestId(headers, Config, edgeRequest);
        if (Config.AddUserAgent && headers[EnvoyHeaders.EnvoyDownstreamServiceCluster].Count == 0)
        {
            headers[EnvoyHeaders.EnvoyDownstreamServiceCluster] = _node.Cluster;
            headers[EnvoyHeaders.EnvoyDownstreamServiceNode] = _node.Id;
        }

        // 4. Route.
        var table = _routes();
        if (table is null)
        {
            Stats.NoRoute.Inc();
            return ReplyAsync(context, LocalReplies.RouteNotFound);
        }

        if (!internalRequest)
        {
            HeaderMutator.RemoveInternalOnlyHeaders(headers, table);
        }

        var authority = StripPort(headers.Host.ToString(), context.Connection!.Info.LocalEndPoint);
        var view = new RequestView(request.Method, authority, context.Path, headers, "http", headers[EnvoyHeaders.ForwardedProto].ToString());
        var random = table.NextRandomValue();
        var match = table.Route(view, random);
        if (match.RequiresTlsRedirect)
        {
            return ReplyAsync(context, new LocalReply(301, "", ResponseFlags.None, "via_upstream")
            {
                Headers = [new("location", RedirectLocation.BuildTlsRedirectLocation(view))],
            });
        }

        if (match.Route is not { } route)
        {
            Stats.NoRoute.Inc();
            return ReplyAsync(context, LocalReplies.RouteNotFound);
        }

        info.RouteName = route.Name;
        info.VirtualHostName = match.VirtualHost?.Name;

        // 5. HTTP filters, in order; any may answer locally. Each sees its most specific per-route config.
        context.Filters.Path = context.Path;
        context.Filters.Route = route;
        for (var i = 0; i < _filters.Length; i++)
        {
            if (!SetRouteConfig(context, i, route, match.VirtualHost, table))
            {
                continue;
            }

            var pending = _filters[i].Filter!.OnRequestAsync(context.Filters);
            if (!pending.IsCompletedSuccessfully)
            {
                return new ValueTask(ContinueFiltersAsync(context, pending, i, route, match.VirtualHost, table, view, random));
            }

            if (StopsIteration(context, pending.Result, out var answer))
            {
                return new ValueTask(answer);
            }
        }

        // 6. The router.
        return RunActionAsync(context, route, view, random);
    }

    /// <summary>The HTTP filters from <paramref name="index"/> on, once filter <paramref name="index"/> went asynchronous; then the route's action.</summary>
    private async Task ContinueFiltersAsync(RequestContext context, ValueTask<FilterStatus> pending, int index, RouteEntry route, VirtualHost? virtualHost, RouteTable table, RequestView view, ulong random)
    {
        for (var i = index; i < _filters.Length; i++)
        {
            if (i > index)
            {
                if (!SetRouteConfig(context, i, route, virtualHost, table))
                {
                    continue;
                }

                pending = _filters[i].Filter!.OnRequestAsync(context.Filters);
            }

            if (StopsIteration(context, await pending.ConfigureAwait(false), out var answer))
            {
                await answer.ConfigureAwait(false);
                return;
            }
        }

        await RunActionAsync(context, route, view, random).ConfigureAwait(false);
    }

    /// <summary>Gives filter <paramref name="index"/> its per-route config; false when the route disables it.</summary>
    private bool SetRouteConfig(RequestContext context, int index, RouteEntry route, VirtualHost? virtualHost, RouteTable table)
    {
        var routeConfig = RouteConfigOf(_filters[index].Name, route, virtualHost, table);
        if (routeConfig is DisabledFilterConfig)
        {
            return false;
        }

        context.Filters.RouteConfig = routeConfig;
        return true;
    }

    /// <summary>
    /// After a filter: true when the request goes no further (the filter stopped iteration or answered), with what
    /// is left to do in <paramref name="answer"/> (the filter's local reply, if the response has not started).
    /// </summary>
    private bool StopsIteration(RequestContext context, FilterStatus status, out Task answer)
    {
        answer = Task.CompletedTask;
        if (status != FilterStatus.StopIteration && context.Filters.LocalReply is null)
        {
            return false;
        }

        if (context.Filters.LocalReply is { } local && !context.Http.Response.HasStarted)
        {
            answer = SendLocalReplyAsync(context, local);
        }

        return true;
    }

    /// <summary>The route's action: forward, redirect or answer directly.</summary>
    private ValueTask RunActionAsync(RequestContext context, RouteEntry route, RequestView view, ulong random)
    {
        switch (route.Action)
        {
            case RouteAction action:
                return _router.ForwardAsync(context, this, route, action, view, random);
            case RedirectAction redirect:
                Stats.RqRedirect.Inc();
                return new ValueTask(RespondAsync(context, route, redirect.ResponseCode, ReadOnlyMemory<byte>.Empty, RedirectLocation.BuildLocation(view, redirect)));
            case DirectResponseAction direct:
                Stats.RqDirectResponse.Inc();
                return new ValueTask(RespondAsync(context, route, direct.Status, direct.Body, direct.AddsLocation ? RedirectLocation.BuildLocation(view, null) : null));
            default:
                Stats.NoRoute.Inc();
                return ReplyAsync(context, LocalReplies.RouteNotFound);
        }
    }

    /// <summary><see cref="SendLocalReplyAsync"/> for the steps of <see cref="ServeAsync"/>, which return the router's pooled ValueTask.</summary>
    private ValueTask ReplyAsync(RequestContext context, LocalReply reply) => new(SendLocalReplyAsync(context, reply));

    /// <summary>typed_per_filter_config for one filter: the route's, else the virtual host's, else the route configuration's (Envoy's most specific wins).</summary>
    private static object? RouteConfigOf(string filterName, RouteEntry route, VirtualHost? virtualHost, RouteTable table)
    {
        if (route.TypedPerFilterConfig.Count != 0 && route.TypedPerFilterConfig.TryGetValue(filterName, out var config))
        {
            return config;
        }

        if (virtualHost is not null && virtualHost.TypedPerFilterConfig.Count != 0 && virtualHost.TypedPerFilterConfig.TryGetValue(filterName, out config))
        {
            return config;
        }

        return table.TypedPerFilterConfig.Count != 0 && table.TypedPerFilterConfig.TryGetValue(filterName, out config) ? config : null;
    }

    /// <summary>A redirect or direct response: Envoy applies the route's response headers to it too.</summary>
    private async Task RespondAsync(RequestContext context, RouteEntry route, int status, ReadOnlyMemory<byte> body, string? location)
    {
        var http = context.Http;
        var response = http.Response;
        context.StreamInfo.ResponseCodeDetails = "direct_response";
        response.StatusCode = status;
        if (location is not null)
        {
            response.Headers.Location = location;
        }

        HeaderMutator.ApplyResponseMutations(response.Headers, route, null, http, context.StreamInfo);
        FinalizeResponseHeaders(context);
        response.ContentLength = body.Length;
        if (body.Length > 0)
        {
            if (response.Headers.ContentType.Count == 0)
            {
                response.ContentType = "text/plain";
            }

            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await response.Body.WriteAsync(body).ConfigureAwait(false);
            }
        }
    }

    /// <returns>A local reply when the path must be refused or redirected; null to go on.</returns>
    private LocalReply? PreparePath(RequestContext context)
    {
        var raw = context.Http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = "/";
        }
        else if (raw[0] != '/')
        {
            var view = RequestView.From(context.Http.Request);
            raw = view.Path ?? raw;
            if (raw.Length == 0 || (raw[0] != '/' && raw != "*"))
            {
                Stats.DownstreamRqNonRelativePath.Inc();
                return LocalReplies.RouteNotFound;
            }
        }

        var fragmentAt = raw.IndexOf('#');
        if (fragmentAt >= 0)
        {
            if (Config.RejectPathWithFragment)
            {
                return LocalReplies.PathNormalizationFailed;
            }

            raw = raw[..fragmentAt];
        }

        var queryAt = raw.IndexOf('?');
        var path = queryAt < 0 ? raw : raw[..queryAt];
        var query = queryAt < 0 ? "" : raw[queryAt..];
        var original = path;
        var unescapedSlashes = false;
        if (Config.PathWithEscapedSlashesAction != PathWithEscapedSlashesAction.KeepUnchanged && PathNormalizer.HasEscapedSlashes(path))
        {
            if (Config.PathWithEscapedSlashesAction == PathWithEscapedSlashesAction.RejectRequest)
            {
                return LocalReplies.PathNormalizationFailed;
            }

            path = PathNormalizer.UnescapeSlashes(path);
            unescapedSlashes = true;
        }

        if (Config.NormalizePath)
        {
            var normalized = PathNormalizer.Normalize(path);
            if (normalized is null)
            {
                return LocalReplies.PathNormalizationFailed;
            }

            path = normalized;
        }

        if (Config.MergeSlashes)
        {
            path = PathNormalizer.MergeSlashes(path);
        }

        if (unescapedSlashes && Config.PathWithEscapedSlashesAction == PathWithEscapedSlashesAction.UnescapeAndRedirect)
        {
            // Envoy redirects only when escaped slashes were found (maybeNormalizePath), to the fully
            // normalized path, so the client retries with it (307 keeps the method). Plain
            // normalization (dot segments, merged slashes) forwards without a redirect.
            return new LocalReply(307, "", ResponseFlags.None, "path_normalization_redirect")
            {
                Headers = [new("location", path + query)],
            };
        }

        context.Path = ReferenceEquals(path, original) ? raw : path + query;
        return null;
    }

    /// <summary>
    /// Kestrel frames a request carrying both Content-Length and Transfer-Encoding by the latter and renames
    /// Content-Length to X-Content-Length (keeping the connection only for this request); that pair is
    /// how the conflict shows here.
    /// </summary>
    private static bool HasContentLengthAndChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.Count > 0
        && request.Headers.ContainsKey("X-Content-Length")
        && !HttpProtocol.IsHttp2(request.Protocol);

    private bool HandleUnderscores(IHeaderDictionary headers)
    {
        List<string>? drop = null;
        foreach (var header in headers)
        {
            if (header.Key.Contains('_'))
            {
                if (Config.HeadersWithUnderscoresAction == HeadersWithUnderscoresAction.RejectRequest)
                {
                    return false;
                }

                (drop ??= []).Add(header.Key);
            }
        }

        if (drop is not null)
        {
            foreach (var name in drop)
            {
                headers.Remove(name);
                Stats.DroppedHeadersWithUnderscores.Inc();
            }
        }

        return true;
    }

    private string StripPort(string host, IPEndPoint? local)
    {
        if (Config.StripAnyHostPort)
        {
            return HostPort.StripAnyPort(host);
        }

        if (Config.StripMatchingHostPort && local is not null)
        {
            return HostPort.StripMatchingPort(host, (uint)local.Port);
        }

        return host;
    }

    private void Complete(RequestContext context)
    {
        var http = context.Http;
        var info = context.StreamInfo;
        info.CompletedTimestamp = _time.GetTimestamp();
        if (http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted)
        {
            info.SetResponseFlag(ResponseFlags.DownstreamConnectionTermination);
        }

        var downstreamGone = info.HasResponseFlag(ResponseFlags.DownstreamConnectionTermination);
        if (downstreamGone)
        {
            // Whoever noticed the disconnect (the router mid-exchange, or the catch above), Envoy counts
            // the stream reset by the client.
            Stats.DownstreamRqRxReset.Inc();
        }

        var status = downstreamGone && !http.Response.HasStarted ? 0 : http.Response.StatusCode;
        info.ResponseCode = status;
        if (status > 0)
        {
            Stats.RecordResponseClass(status);
        }

        Stats.DownstreamRqCompleted.Inc();
        Stats.DownstreamRqActive.Dec();
        Stats.DownstreamRqTime.Record(_time.GetElapsedTime(info.StartTimestamp).TotalMilliseconds);
        var logs = Config.AccessLogs;
        for (var i = 0; i < logs.Count; i++)
        {
            logs[i].Log(info, http, AccessLogType.DownstreamEnd);
        }
    }
}
