using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Proxy.Filters.StreamInfo;
using Proxy.Http;
using Proxy.Http.ConnectionManager;
using Proxy.Router.Forwarding;
using Proxy.Routing;
using Proxy.Routing.Actions;
using Proxy.Routing.Hashing;
using Proxy.Routing.Headers;
using Proxy.Upstream;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Upstream.Http1;

namespace Proxy.Router;

/// <summary>
/// envoy.filters.http.router: picks the cluster and host for a matched route, forwards the request
/// (streaming both bodies, trailers, WebSocket upgrades) and turns upstream failures into Envoy's local
/// replies and response flags. One instance per server; all per-request state lives in the request context.
/// </summary>
internal sealed class HttpRouter
{
    private static readonly Version Http11 = HttpVersion.Version11;
    private static readonly Version Http2 = HttpVersion.Version20;
    private static readonly UriCreationOptions RawPath = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly ClusterManager _clusters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HttpRouter(ClusterManager clusters, TimeProvider time, ILoggerFactory loggers)
    {
        _clusters = clusters;
        _time = time;
        _logger = loggers.CreateLogger("Proxy.Router");
    }

    /// <summary>Forwards a request whose route has a route action.</summary>
    /// <remarks>
    /// Its state machine, the largest the proxy allocates per request, comes from a pool (it waits for the
    /// upstream on every request): the box is reused warm from a recent request instead of being new memory.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ForwardAsync(RequestContext context, HttpConnectionManager hcm, RouteEntry route, RouteAction action, RequestView view, ulong random)
    {
        var http = context.Http;
        var info = context.StreamInfo;

        // 1. Cluster.
        var clusterName = ClusterSelector.SelectCluster(route, view, random, out var weighted);
        if (clusterName is null)
        {
            await hcm.SendLocalReplyAsync(context, LocalReplies.ClusterNotFound(action.ClusterNotFoundResponseCode)).ConfigureAwait(false);
            return;
        }

        var cluster = _clusters.Get(clusterName);
        info.UpstreamClusterName = clusterName;
        context.Filters.ClusterName = clusterName;
        if (cluster is null)
        {
            hcm.Stats.NoCluster.Inc();
            await hcm.SendLocalReplyAsync(context, LocalReplies.ClusterNotFound(action.ClusterNotFoundResponseCode)).ConfigureAwait(false);
            return;
        }

        RouterLog.ClusterMatch(_logger, info.ConnectionId, clusterName, context.Path);
        if (action.IdleTimeout is { } idleTimeout)
        {
            // The route's idle_timeout overrides the connection manager's stream_idle_timeout.
            context.Timers.SetIdleTimeout(idleTimeout);
        }

        // 2. WebSocket upgrade allowed on this route?
        var upgrade = http.Features.Get<IHttpUpgradeFeature>();
        var isUpgrade = upgrade is { IsUpgradableRequest: true } && http.Request.Headers.Upgrade.Count > 0;
        if (isUpgrade)
        {
            var type = http.Request.Headers.Upgrade.ToString();
            if (!action.IsUpgradeEnabled(type, hcm.Config.IsUpgradeEnabled(type)))
            {
                hcm.Stats.DownstreamRqWsOnNonWsRoute.Inc();
                await hcm.SendLocalReplyAsync(context, LocalReplies.UpgradeFailed).ConfigureAwait(false);
                return;
            }
        }

        // 3. Circuit breaker: too many requests in flight on the cluster → 503 UO.
        var stats = cluster.Stats;
        if (stats.UpstreamRqActive.Value >= cluster.Config.CircuitBreakers.DefaultPriority.MaxRequests)
        {
            stats.UpstreamRqPendingOverflow.Inc();
            await hcm.SendLocalReplyAsync(context, LocalReplies.Overflow).ConfigureAwait(false);
            return;
        }

        // 4. Host.
        ulong? hash = null;
        string? setCookie = null;
        if (action.HashPolicies.Length > 0)
        {
            hash = RouteHasher.ComputeHash(action.HashPolicies, view, info.DownstreamRemoteAddress, info.DownstreamLocalAddress, info, out setCookie);
        }

        var host = cluster.OriginalDst is { } originalDst
            ? originalDst.Pick(info.RestoredLocalAddress, OriginalDstHeader(originalDst.Settings, http.Request.Headers))
            : cluster.ChooseHost(hash);
        if (host is null)
        {
            stats.UpstreamCxNoneHealthy.Inc();
            RouterLog.NoHealthyHost(_logger, info.ConnectionId, clusterName);
            await hcm.SendLocalReplyAsync(context, LocalReplies.NoHealthyUpstream).ConfigureAwait(false);
            return;
        }

        info.UpstreamHost = host.AddressString;
        info.AttemptCount = 1;

        // 5. Request headers: route mutations, host rewrite, path rewrite, Envoy's own headers.
        var headers = http.Request.Headers;
        HeaderMutator.ApplyRequestMutations(headers, route, weighted, http, info);
        if (action.AutoHostRewrite && host.Hostname.Length > 0)
        {
            HeaderMutator.SetAuthority(headers, host.Hostname, action.AppendXForwardedHost);
        }

        var path = context.Path;
        var rewritten = PathRewriter.RewritePath(route, view);
        if (rewritten is not null)
        {
            headers[EnvoyHeaders.EnvoyOriginalPath] = path;
            path = rewritten;
        }

        var timeout = action.Timeout;
        if (!hcm.Config.Router.SuppressEnvoyHeaders && timeout > TimeSpan.Zero)
        {
            headers[EnvoyHeaders.EnvoyExpectedRqTimeoutMs] = action.TimeoutMillisecondsText;
        }

        var http2 = cluster.Config.Http.Selection switch
        {
            UpstreamProtocolSelection.Http2 => true,
            UpstreamProtocolSelection.UseDownstream => HttpProtocol.IsHttp2(http.Request.Protocol),
            _ => false,
        };
        if (isUpgrade)
        {
            // RFC 9110 §7.8: Upgrade is HTTP/1.1 only; a WebSocket upstream is reached over HTTP/1.1.
            http2 = false;
        }

        // 6. Exchange.
        stats.UpstreamRqTotal.Inc();
        stats.UpstreamRqActive.Inc();
        host.Stats.IncRqTotal();
        host.Stats.IncRqActive();
        var started = _time.GetTimestamp();
        info.FirstUpstreamTxByteSent = started;
        using var exchange = new UpstreamRequest(timeout, _time, http.RequestAborted, context.Timers, context.UpstreamCancellation);
        try
        {
            UpstreamResponse response;
            try
            {
                response = http2 || isUpgrade
                    ? await SendWithClientAsync(http, cluster, host, path, http2, isUpgrade, exchange).ConfigureAwait(false)
                    : new CodecResponse(await SendHttp1(http, cluster, host, path, exchange).ConfigureAwait(false));
            }
            catch (Exception e)
            {
                await FailAsync(context, hcm, cluster, host.AddressString, e, exchange).ConfigureAwait(false);
                return;
            }

            using (response)
            {
                info.FirstUpstreamRxByteReceived = _time.GetTimestamp();
                await RelayResponseAsync(context, hcm, route, weighted, response, exchange, started, setCookie, isUpgrade, upgrade, cluster).ConfigureAwait(false);
            }
        }
        finally
        {
            stats.UpstreamRqActive.Dec();
            host.Stats.DecRqActive();
            stats.UpstreamRqTime.Record(_time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// HTTP/1.1 without an upgrade: our own client, the request head written straight from the downstream headers.
    /// Not an async method: the caller awaits the client's task itself, one async layer fewer on every request.
    /// </summary>
    private static ValueTask<Http1Response> SendHttp1(HttpContext http, ClusterRuntime cluster, Host host, string path, UpstreamRequest exchange)
    {
        var downstream = http.Request;
        var hasBody = HasRequestBody(http);
        var length = downstream.ContentLength;
        var authority = downstream.Headers.Host.ToString();
        if (authority.Length == 0)
        {
            authority = host.AddressString;
        }

        var request = new ForwardedHttp1Request
        {
            Method = downstream.Method,
            Target = cluster.Config.Http.Http1.SendFullyQualifiedUrl ? "http://" + authority + path : path,
            Authority = authority,
            Headers = downstream.Headers,
            ContentLength = length,
            Body = hasBody ? new StreamingRequestContent(downstream.BodyReader, length, exchange) : null,
            Chunked = hasBody && length is null,
            IsHead = HttpMethods.IsHead(downstream.Method),
        };
        if (!hasBody)
        {
            exchange.ArmTimeout();
        }

        return cluster.Http1.SendAsync(host, request, exchange.Token);
    }

    /// <summary>Whether the downstream request has a body to stream upstream (Content-Length above 0, or chunked / HTTP/2 data).</summary>
    private static bool HasRequestBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true };

    /// <summary>HTTP/2 and upgrades: SocketsHttpHandler.</summary>
    private static async Task<UpstreamResponse> SendWithClientAsync(HttpContext http, ClusterRuntime cluster, Host host, string path, bool http2, bool isUpgrade, UpstreamRequest exchange)
    {
        using var request = BuildRequest(http, cluster.UriPrefix(host) + path, http2, isUpgrade, exchange);
        if (request.Content is null)
        {
            exchange.ArmTimeout();
        }

        return new ClientResponse(await cluster.HttpClient(http2).SendAsync(request, exchange.Token).ConfigureAwait(false));
    }

    /// <summary>The first value of the ORIGINAL_DST override header when use_http_header is on; else null.</summary>
    private static string? OriginalDstHeader(OriginalDstSettings settings, IHeaderDictionary headers)
    {
        if (!settings.UseHttpHeader)
        {
            return null;
        }

        var values = headers[settings.HttpHeaderName];
        return values.Count > 0 ? values[0] : null;
    }

    private static HttpRequestMessage BuildRequest(HttpContext http, string uri, bool http2, bool upgrade, UpstreamRequest exchange)
    {
        var downstream = http.Request;
        var request = new HttpRequestMessage(HttpMethods.GetCanonicalizedValue(downstream.Method) switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            "DELETE" => HttpMethod.Delete,
            "HEAD" => HttpMethod.Head,
            "OPTIONS" => HttpMethod.Options,
            "PATCH" => HttpMethod.Patch,
            "TRACE" => HttpMethod.Trace,
            var other => new HttpMethod(other),
        }, new Uri(uri, in RawPath))
        {
            Version = http2 ? Http2 : Http11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        if (!upgrade && HasRequestBody(http))
        {
            request.Content = new StreamingRequestContent(downstream.BodyReader, downstream.ContentLength, exchange);
        }

        RequestHeaderCopier.Copy(downstream.Headers, request, upgrade);
        var authority = downstream.Headers.Host.ToString();
        if (authority.Length > 0)
        {
            request.Headers.Host = authority;
        }

        return request;
    }

    private async Task RelayResponseAsync(
        RequestContext context,
        HttpConnectionManager hcm,
        RouteEntry route,
        WeightedCluster? weighted,
        UpstreamResponse upstream,
        UpstreamRequest exchange,
        long started,
        string? setCookie,
        bool isUpgrade,
        IHttpUpgradeFeature? upgrade,
        ClusterRuntime cluster)
    {
        var http = context.Http;
        var info = context.StreamInfo;
        var response = http.Response;
        var status = upstream.StatusCode;
        cluster.Stats.RecordResponse(status);

        // The response started: request_timeout no longer applies; headers are stream activity.
        exchange.StreamTimers.RequestComplete();
        exchange.StreamTimers.Touch();
        info.ResponseCodeDetails = "via_upstream";

        response.StatusCode = status;
        var switching = isUpgrade && status == StatusCodes.Status101SwitchingProtocols;
        upstream.CopyHeaders(response.Headers, switching);
        if (setCookie is not null)
        {
            response.Headers.Append("set-cookie", setCookie);
        }

        HeaderMutator.ApplyResponseMutations(response.Headers, route, weighted, http, info);
        if (!hcm.Config.Router.SuppressEnvoyHeaders)
        {
            response.Headers[EnvoyHeaders.EnvoyUpstreamServiceTime] =
                ((long)_time.GetElapsedTime(started).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        hcm.FinalizeResponseHeaders(context);

        if (switching && upgrade is not null && upstream is ClientResponse client)
        {
            // A tunnel has no request/response streams for the HCM's timers to watch (idle tunnels are
            // bounded by the connection idle timeouts instead).
            exchange.StreamTimers.Stop();
            await TunnelAsync(context, hcm, client.Message, upgrade, exchange).ConfigureAwait(false);
            return;
        }

        try
        {
            var upstreamBody = await upstream.GetBodyAsync(exchange.Token).ConfigureAwait(false);
            var (bytes, gone) = await ResponseBodyCopier.CopyAsync(upstreamBody, response.BodyWriter, exchange.StreamTimers, exchange.Token).ConfigureAwait(false);
            info.BytesSent = (ulong)bytes;
            info.LastUpstreamRxByteReceived = _time.GetTimestamp();
            if (gone)
            {
                info.SetResponseFlag(ResponseFlags.DownstreamConnectionTermination);
                return;
            }
        }
        catch (Exception e)
        {
            if (exchange.StreamTimedOut)
            {
                await hcm.OnStreamTimeoutAsync(context).ConfigureAwait(false);
                return;
            }

            // The response already started: all that can be done is resetting the downstream stream.
            var failure = UpstreamFailureClassifier.Classify(e, exchange.DownstreamAborted.IsCancellationRequested, exchange.TimedOut);
            MarkMidStreamFailure(info, failure, cluster);
            http.Abort();
            return;
        }

        if (upstream.HasTrailers && response.SupportsTrailers())
        {
            var trailers = http.Features.Get<IHttpResponseTrailersFeature>()!.Trailers;
            upstream.CopyTrailers(trailers);
            info.ResponseTrailers = trailers;
        }
    }

    private async Task TunnelAsync(RequestContext context, HttpConnectionManager hcm, HttpResponseMessage upstream, IHttpUpgradeFeature upgrade, UpstreamRequest exchange)
    {
        hcm.Stats.DownstreamCxUpgradesTotal.Inc();
        hcm.Stats.DownstreamCxUpgradesActive.Inc();
        try
        {
            var upstreamStream = await upstream.Content.ReadAsStreamAsync(exchange.DownstreamAborted).ConfigureAwait(false);
            var downstreamStream = await upgrade.UpgradeAsync().ConfigureAwait(false);
            var (up, down) = await StreamTunnel.RunAsync(downstreamStream, upstreamStream, exchange.DownstreamAborted).ConfigureAwait(false);
            context.StreamInfo.BytesReceived += (ulong)up;
            context.StreamInfo.BytesSent += (ulong)down;
            await upstreamStream.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            hcm.Stats.DownstreamCxUpgradesActive.Dec();
        }
    }

    private async Task FailAsync(RequestContext context, HttpConnectionManager hcm, ClusterRuntime cluster, string host, Exception error, UpstreamRequest exchange)
    {
        var info = context.StreamInfo;
        if (exchange.StreamTimedOut)
        {
            cluster.Stats.UpstreamRqCancelled.Inc();
            await hcm.OnStreamTimeoutAsync(context).ConfigureAwait(false);
            return;
        }

        var failure = UpstreamFailureClassifier.Classify(error, exchange.DownstreamAborted.IsCancellationRequested, exchange.TimedOut);
        var reply = failure switch
        {
            UpstreamFailure.ConnectionFailure => LocalReplies.ConnectionFailure,
            UpstreamFailure.Timeout => LocalReplies.Timeout,
            UpstreamFailure.RemoteReset => LocalReplies.RemoteReset,
            UpstreamFailure.ProtocolError => LocalReplies.ProtocolError,
            UpstreamFailure.DownstreamDisconnect => null,
            _ => LocalReplies.ConnectionTermination,
        };

        RouterLog.UpstreamFailed(_logger, info.ConnectionId, host, reply is null ? "DC" : ResponseFlagNames.ToShortString(reply.Flags), error.GetBaseException().Message);
        if (failure == UpstreamFailure.Timeout)
        {
            cluster.Stats.UpstreamRqTimeout.Inc();
        }
        else if (failure == UpstreamFailure.DownstreamDisconnect)
        {
            cluster.Stats.UpstreamRqCancelled.Inc();
        }

        if (reply is null)
        {
            info.SetResponseFlag(ResponseFlags.DownstreamConnectionTermination);
            return;
        }

        info.UpstreamTransportFailureReason = failure == UpstreamFailure.ConnectionFailure ? error.GetBaseException().Message : null;
        await hcm.SendLocalReplyAsync(context, reply).ConfigureAwait(false);
    }

    private static void MarkMidStreamFailure(Proxy.Filters.StreamInfo.StreamInfo info, UpstreamFailure failure, ClusterRuntime cluster)
    {
        switch (failure)
        {
            case UpstreamFailure.DownstreamDisconnect:
                info.SetResponseFlag(ResponseFlags.DownstreamConnectionTermination);
                break;
            case UpstreamFailure.Timeout:
                cluster.Stats.UpstreamRqTimeout.Inc();
                info.SetResponseFlag(ResponseFlags.UpstreamRequestTimeout);
                break;
            case UpstreamFailure.RemoteReset:
                cluster.Stats.UpstreamRqRxReset.Inc();
                info.SetResponseFlag(ResponseFlags.UpstreamRemoteReset);
                break;
            default:
                info.SetResponseFlag(ResponseFlags.UpstreamConnectionTermination);
                break;
        }
    }
}
