using System.Buffers;
using Envoy.Service.Auth.V3;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Filters.Http;
using Proxy.Filters.StreamInfo;
using Proxy.Xds.Grpc;
using HeaderValueOption = Envoy.Config.Core.V3.HeaderValueOption;

namespace Proxy.Authz;

/// <summary>
/// envoy.filters.http.ext_authz with a gRPC authorization service (envoy.service.auth.v3.Authorization/Check),
/// as Envoy runs it:
/// 1. skipped when the route disables it or <c>filter_enabled_metadata</c> does not match (counted <c>disabled</c>);
/// 2. with <c>with_request_body</c>, up to max_request_bytes of the body are examined without being consumed
///    (the router still forwards all of it); a larger body without allow_partial_message gets 413;
/// 3. OK: the response's request headers are set or appended and headers_to_remove removed, its
///    response_headers_to_add are added to the response; the request goes on;
/// 4. any other check status: the denied_response's status (403 when unset), headers and body are sent, with
///    response flag UAEX and details <c>ext_authz_denied</c>;
/// 5. no answer (cluster unknown, connect failure, timeout, gRPC error): with failure_mode_allow the request
///    goes on (optionally marked <c>x-envoy-auth-failure-mode-allowed: true</c>), else status_on_error (403)
///    with UAEX and <c>ext_authz_error</c>.
/// </summary>
internal sealed class ExtAuthzFilter : IHttpFilter
{
    private const string CheckMethod = "/envoy.service.auth.v3.Authorization/Check";

    private readonly ExtAuthzSettings _settings;
    private readonly ExtAuthzStats _stats;
    private readonly Func<string, GrpcChannel?> _channels;
    private readonly TimeProvider _time;
    private readonly string _stateKey;

    public ExtAuthzFilter(string name, ExtAuthzSettings settings, ExtAuthzStats stats, Func<string, GrpcChannel?> channels, TimeProvider time)
    {
        _settings = settings;
        _stats = stats;
        _channels = channels;
        _time = time;
        _stateKey = "envoy.filters.http.ext_authz.response_headers." + name;
    }

    public async ValueTask<FilterStatus> OnRequestAsync(HttpFilterContext context)
    {
        // 1. Disabled for the route, or by metadata.
        var route = context.RouteConfig as ExtAuthzRouteConfig;
        if (route is { Disabled: true })
        {
            return FilterStatus.Continue;
        }

        if (_settings.EnabledMetadata is { } condition && !condition.Matches(context.StreamInfo))
        {
            _stats.Disabled.Inc();
            return FilterStatus.Continue;
        }

        // 2. The body, examined only.
        ByteString? body = null;
        if (_settings.MaxRequestBytes is { } max)
        {
            (body, var tooLarge) = await PeekBodyAsync(context.Http, max, _settings.AllowPartialMessage).ConfigureAwait(false);
            if (tooLarge)
            {
                context.SendLocalReply(413, "Payload Too Large", ResponseFlags.None, "request_payload_too_large");
                return FilterStatus.StopIteration;
            }
        }

        var check = CheckRequestBuilder.Build(context, _settings, route, body);
        var response = await CheckAsync(check, context.Http.RequestAborted).ConfigureAwait(false);

        // 5. No answer.
        if (response is null)
        {
            _stats.Error.Inc();
            if (_settings.FailureModeAllow)
            {
                _stats.FailureModeAllowed.Inc();
                if (_settings.FailureModeAllowHeaderAdd)
                {
                    context.Http.Request.Headers["x-envoy-auth-failure-mode-allowed"] = "true";
                }

                return FilterStatus.Continue;
            }

            context.SendLocalReply(_settings.StatusOnError, string.Empty, ResponseFlags.UnauthorizedExternalService, "ext_authz_error");
            return FilterStatus.StopIteration;
        }

        // 3. Allowed.
        if (response.Status is null || response.Status.Code == 0)
        {
            _stats.Ok.Inc();
            if (response.OkResponse is { } ok)
            {
                ApplyOk(context, ok);
            }

            return FilterStatus.Continue;
        }

        // 4. Denied.
        _stats.Denied.Inc();
        var denied = response.DeniedResponse;
        var status = denied?.Status is { Code: not 0 } code ? (int)code.Code : 403;
        var headers = new List<KeyValuePair<string, string>>();
        if (denied is not null)
        {
            foreach (var option in denied.Headers)
            {
                if (option.Header is { } header)
                {
                    headers.Add(new(header.Key.ToLowerInvariant(), header.Value));
                }
            }
        }

        context.SendLocalReply(new LocalReply(status, denied?.Body ?? string.Empty, ResponseFlags.UnauthorizedExternalService, "ext_authz_denied") { Headers = headers });
        return FilterStatus.StopIteration;
    }

    public void OnResponse(HttpFilterContext context)
    {
        if (context.StreamInfo.HasFilterState && context.StreamInfo.FilterState.Remove(_stateKey, out var state) && state is List<HeaderValueOption> add)
        {
            Apply(context.Http.Response.Headers, add);
        }
    }

    private async Task<CheckResponse?> CheckAsync(CheckRequest request, CancellationToken aborted)
    {
        if (_channels(_settings.Cluster) is not { } channel)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(_settings.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, timeout.Token);
        try
        {
            await using var call = channel.StartDuplex(CheckMethod, linked.Token);
            await call.WriteAsync(request).ConfigureAwait(false);
            call.CompleteWrites();
            return await call.ReadAsync(CheckResponse.Parser).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or GrpcException or IOException or InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private void ApplyOk(HttpFilterContext context, OkHttpResponse ok)
    {
        var headers = context.Http.Request.Headers;
        Apply(headers, ok.Headers);
        foreach (var name in ok.HeadersToRemove)
        {
            // Pseudo-headers and Host cannot be removed (Envoy ignores such entries).
            if (name.Length > 0 && name[0] != ':' && !string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
            {
                headers.Remove(name);
            }
        }

        if (ok.ResponseHeadersToAdd.Count > 0)
        {
            context.StreamInfo.FilterState[_stateKey] = new List<HeaderValueOption>(ok.ResponseHeadersToAdd);
        }
    }

    /// <summary>
    /// ext_authz's rule (OkHttpResponse.headers doc): <c>append</c> true adds a value, false or unset replaces the
    /// header; without <c>append</c>, an explicit append_action other than the default is honoured.
    /// </summary>
    private static void Apply(IHeaderDictionary headers, IEnumerable<HeaderValueOption> options)
    {
        foreach (var option in options)
        {
            if (option.Header is not { Key.Length: > 0 } header)
            {
                continue;
            }

#pragma warning disable CS0612 // append is deprecated, and still what authorization servers send.
            var append = option.Append;
#pragma warning restore CS0612
            var action = option.AppendAction;
            if (append is true)
            {
                headers.Append(header.Key, header.Value);
            }
            else if (append is null && action == HeaderValueOption.Types.HeaderAppendAction.AddIfAbsent)
            {
                if (!headers.ContainsKey(header.Key))
                {
                    headers[header.Key] = header.Value;
                }
            }
            else if (append is null && action == HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExists)
            {
                if (headers.ContainsKey(header.Key))
                {
                    headers[header.Key] = header.Value;
                }
            }
            else
            {
                headers[header.Key] = header.Value;
            }
        }
    }

    /// <summary>Reads up to <paramref name="max"/> bytes of the request body and leaves them unconsumed for the router.</summary>
    private static async ValueTask<(ByteString? Body, bool TooLarge)> PeekBodyAsync(HttpContext http, int max, bool allowPartial)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return (ByteString.Empty, false);
        }

        var reader = http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > max || result.IsCompleted)
            {
                var tooLarge = buffer.Length > max && !allowPartial;
                var body = tooLarge ? null : ByteString.CopyFrom(buffer.Slice(0, Math.Min(buffer.Length, max)).ToArray());

                // Nothing consumed, nothing examined: the router's first read returns these bytes at once.
                reader.AdvanceTo(buffer.Start);
                return (body, tooLarge);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
