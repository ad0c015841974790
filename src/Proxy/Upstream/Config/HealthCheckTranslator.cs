using System.Collections.Immutable;
using Envoy.Config.Core.V3;
using Google.Protobuf.Collections;

// HeaderValueOption.append is deprecated in the API but Envoy still honours it.
#pragma warning disable CS0612

namespace Proxy.Upstream.Config;

/// <summary>Translates <c>health_checks[]</c> entries; errors carry paths relative to the entry.</summary>
internal static class HealthCheckTranslator
{
    public static HealthCheckConfig Translate(HealthCheck check)
    {
        // 1. Required fields of the proto (validate.proto: required durations and thresholds, one checker).
        if (check.Timeout is null)
        {
            throw new FieldException("timeout", "is required");
        }

        if (check.Interval is null)
        {
            throw new FieldException("interval", "is required");
        }

        if (check.UnhealthyThreshold is null)
        {
            throw new FieldException("unhealthy_threshold", "is required");
        }

        if (check.HealthyThreshold is null)
        {
            throw new FieldException("healthy_threshold", "is required");
        }

        var interval = ProtoValues.Positive(check.Interval, "interval");
        var noTraffic = check.NoTrafficInterval is null
            ? TimeSpan.FromSeconds(60)
            : ProtoValues.Positive(check.NoTrafficInterval, "no_traffic_interval");
        var unhealthy = check.UnhealthyInterval is null
            ? interval
            : ProtoValues.Positive(check.UnhealthyInterval, "unhealthy_interval");

        // 2. The edge and no-traffic intervals fall back as documented on each field.
        var config = new HealthCheckConfig
        {
            Timeout = ProtoValues.Positive(check.Timeout, "timeout"),
            Interval = interval,
            InitialJitter = ProtoValues.ToTimeSpan(check.InitialJitter, TimeSpan.Zero, "initial_jitter"),
            IntervalJitter = ProtoValues.ToTimeSpan(check.IntervalJitter, TimeSpan.Zero, "interval_jitter"),
            IntervalJitterPercent = check.IntervalJitterPercent,
            UnhealthyThreshold = check.UnhealthyThreshold.Value,
            HealthyThreshold = check.HealthyThreshold.Value,
            AltPort = check.AltPort,
            ReuseConnection = check.ReuseConnection ?? true,
            NoTrafficInterval = noTraffic,
            NoTrafficHealthyInterval = check.NoTrafficHealthyInterval is null
                ? noTraffic
                : ProtoValues.Positive(check.NoTrafficHealthyInterval, "no_traffic_healthy_interval"),
            UnhealthyInterval = unhealthy,
            UnhealthyEdgeInterval = check.UnhealthyEdgeInterval is null
                ? unhealthy
                : ProtoValues.Positive(check.UnhealthyEdgeInterval, "unhealthy_edge_interval"),
            HealthyEdgeInterval = check.HealthyEdgeInterval is null
                ? interval
                : ProtoValues.Positive(check.HealthyEdgeInterval, "healthy_edge_interval"),
            Kind = HealthCheckKind.Tcp,
            AlwaysLogHealthCheckFailures = check.AlwaysLogHealthCheckFailures,
            AlwaysLogHealthCheckSuccess = check.AlwaysLogHealthCheckSuccess,
            TlsAlpnProtocols = check.TlsOptions is null
                ? ImmutableArray<string>.Empty
                : check.TlsOptions.AlpnProtocols.ToImmutableArray(),
            TransportSocketMatchCriteria = check.TransportSocketMatchCriteria,
        };

        // 3. The checker itself.
        return check.HealthCheckerCase switch
        {
            HealthCheck.HealthCheckerOneofCase.HttpHealthCheck => config with
            {
                Kind = HealthCheckKind.Http,
                Http = Http(check.HttpHealthCheck),
            },
            HealthCheck.HealthCheckerOneofCase.TcpHealthCheck => config with
            {
                Kind = HealthCheckKind.Tcp,
                Tcp = new TcpHealthCheckSettings
                {
                    Send = Payload(check.TcpHealthCheck.Send, "tcp_health_check.send"),
                    Receive = Payloads(check.TcpHealthCheck.Receive, "tcp_health_check.receive"),
                },
            },
            HealthCheck.HealthCheckerOneofCase.GrpcHealthCheck => config with
            {
                Kind = HealthCheckKind.Grpc,
                Grpc = new GrpcHealthCheckSettings
                {
                    ServiceName = check.GrpcHealthCheck.ServiceName,
                    Authority = check.GrpcHealthCheck.Authority,
                    InitialMetadata = Headers(check.GrpcHealthCheck.InitialMetadata),
                },
            },
            HealthCheck.HealthCheckerOneofCase.CustomHealthCheck => config with
            {
                Kind = HealthCheckKind.Custom,
                CustomName = check.CustomHealthCheck.Name,
            },
            _ => throw new FieldException("health_checker",
                "one of http_health_check, tcp_health_check, grpc_health_check or custom_health_check is required"),
        };
    }

    private static HttpHealthCheckSettings Http(HealthCheck.Types.HttpHealthCheck http)
    {
        if (http.Path.Length == 0)
        {
            throw new FieldException("http_health_check.path", "must not be empty");
        }

        if (http.Method == RequestMethod.Connect)
        {
            throw new FieldException("http_health_check.method", "CONNECT is not allowed");
        }

        return new HttpHealthCheckSettings
        {
            Host = http.Host,
            Path = http.Path,
            Send = Payload(http.Send, "http_health_check.send"),
            Receive = Payloads(http.Receive, "http_health_check.receive"),
            ExpectedStatuses = http.ExpectedStatuses.Count == 0
                ? ImmutableArray.Create(new StatusRange(200, 201))
                : Ranges(http.ExpectedStatuses, "http_health_check.expected_statuses"),
            RetriableStatuses = Ranges(http.RetriableStatuses, "http_health_check.retriable_statuses"),
            UseHttp2 = http.CodecClientType == Envoy.Type.V3.CodecClientType.Http2,
            Method = http.Method switch
            {
                RequestMethod.MethodUnspecified or RequestMethod.Get => HttpMethod.Get,
                RequestMethod.Head => HttpMethod.Head,
                RequestMethod.Post => HttpMethod.Post,
                RequestMethod.Put => HttpMethod.Put,
                RequestMethod.Delete => HttpMethod.Delete,
                RequestMethod.Options => HttpMethod.Options,
                RequestMethod.Trace => HttpMethod.Trace,
                RequestMethod.Patch => HttpMethod.Patch,
                _ => throw new FieldException("http_health_check.method", $"unknown method {(int)http.Method}"),
            },
            RequestHeadersToAdd = Headers(http.RequestHeadersToAdd),
            RequestHeadersToRemove = http.RequestHeadersToRemove.ToImmutableArray(),
        };
    }

    /// <summary>Envoy: "Invalid http expected status range: expecting start &lt; end", start ≥ 100, end ≤ 600.</summary>
    private static ImmutableArray<StatusRange> Ranges(RepeatedField<Envoy.Type.V3.Int64Range> ranges, string path)
    {
        var result = ImmutableArray.CreateBuilder<StatusRange>(ranges.Count);
        for (var i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i];
            if (r.Start >= r.End)
            {
                throw new FieldException($"{path}[{i}]", $"expecting start < end, but found start={r.Start} and end={r.End}");
            }

            if (r.Start < 100)
            {
                throw new FieldException($"{path}[{i}].start", $"expecting start >= 100, but found start={r.Start}");
            }

            if (r.End > 600)
            {
                throw new FieldException($"{path}[{i}].end", $"expecting end <= 600, but found end={r.End}");
            }

            result.Add(new StatusRange(r.Start, r.End));
        }

        return result.MoveToImmutable();
    }

    /// <summary>A payload: <c>text</c> is hex ("000000FF"), <c>binary</c> raw bytes.</summary>
    private static ReadOnlyMemory<byte> Payload(HealthCheck.Types.Payload? payload, string path)
    {
        if (payload is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        switch (payload.PayloadCase)
        {
            case HealthCheck.Types.Payload.PayloadOneofCase.Text:
                try
                {
                    return Convert.FromHexString(payload.Text);
                }
                catch (FormatException)
                {
                    throw new FieldException(path + ".text", $"invalid hex string '{payload.Text}'");
                }

            case HealthCheck.Types.Payload.PayloadOneofCase.Binary:
                return payload.Binary.Memory;
            default:
                throw new FieldException(path, "one of text or binary is required");
        }
    }

    private static ImmutableArray<ReadOnlyMemory<byte>> Payloads(RepeatedField<HealthCheck.Types.Payload> payloads, string path)
    {
        var result = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            result.Add(Payload(payloads[i], $"{path}[{i}]"));
        }

        return result.MoveToImmutable();
    }

    private static ImmutableArray<HeaderToAdd> Headers(RepeatedField<HeaderValueOption> options)
    {
        var result = ImmutableArray.CreateBuilder<HeaderToAdd>(options.Count);
        foreach (var option in options)
        {
            // append defaults to true for health check headers (HeaderValueOption.append), unless append_action says otherwise.
            var append = option.Append ?? option.AppendAction == HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd;
            result.Add(new HeaderToAdd(option.Header?.Key ?? string.Empty, option.Header?.Value ?? string.Empty, append));
        }

        return result.MoveToImmutable();
    }
}
