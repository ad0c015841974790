using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using System.Buffers;
using Proxy.Router.Forwarding;
using Proxy.Upstream.Http1;

namespace Bench.Micro.Headers;

/// <summary>
/// Header forwarding with the hop-by-hop decisions (RFC 9110 §7.6.1), for a request and response shaped like
/// Istio sidecar traffic, both ways the proxy does it: into and out of HttpClient's messages (HTTP/2 upstreams
/// and upgrades) and with our HTTP/1.1 client (the request head written straight to bytes, the response head
/// parsed from bytes into the downstream dictionary). The downstream dictionary here is ASP.NET Core's
/// HeaderDictionary; Kestrel's own is faster for known headers, so these are upper bounds.
/// </summary>
[MemoryDiagnoser]
public class HeaderForwardingBenchmarks
{
    private static readonly string[] Names =
    [
        "host", "user-agent", "accept", "x-request-id", "x-forwarded-proto", "x-envoy-attempt-count", "connection",
        "keep-alive", "te", "upgrade", "x-b3-traceid", "content-type", "transfer-encoding", "proxy-connection",
    ];

    private static readonly byte[] ResponseHead = System.Text.Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\ndate: Sat, 22 Nov 2026 09:30:00 GMT\r\nserver: istio-envoy\r\nx-envoy-upstream-service-time: 1\r\n"
        + "connection: keep-alive\r\ncontent-type: application/octet-stream\r\ncontent-length: 1024\r\n\r\n");

    private static readonly Http1ParseLimits Limits = new(Http1ParseLimits.DefaultMaxHeaderBytes, 100, AllowChunkedLength: false);

    private HeaderDictionary _request = null!;
    private HttpResponseMessage _response = null!;
    private Http1ResponseHead _previousHead = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = new HeaderDictionary
        {
            ["host"] = "reviews.default.svc.cluster.local:9080",
            ["user-agent"] = "fortio.org/fortio-1.63.0",
            ["accept"] = "*/*",
            ["x-request-id"] = "6c2b6f6e-2f1f-4a4e-9a57-7d1a3a0f8f11",
            ["x-forwarded-proto"] = "http",
            ["x-envoy-attempt-count"] = "1",
            ["x-b3-traceid"] = "80f198ee56343ba864fe8b2a57d3eff7",
            ["x-b3-spanid"] = "e457b5a2e4d86bd1",
            ["x-b3-sampled"] = "0",
            ["connection"] = "keep-alive",
            ["te"] = "trailers",
        };
        _response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[1024]) };
        _response.Headers.TryAddWithoutValidation("date", "Sat, 22 Nov 2026 09:30:00 GMT");
        _response.Headers.TryAddWithoutValidation("server", "istio-envoy");
        _response.Headers.TryAddWithoutValidation("x-envoy-upstream-service-time", "1");
        _response.Headers.TryAddWithoutValidation("connection", "keep-alive");
        _response.Content.Headers.TryAddWithoutValidation("content-type", "application/octet-stream");
        _response.Content.Headers.ContentLength = 1024;
        Http1ResponseParser.TryParse(ResponseHead, Limits, headRequest: false, out _, out var previous);
        _previousHead = previous!;
    }

    /// <summary>Downstream request headers onto a new upstream HttpRequestMessage (what each request allocates).</summary>
    [Benchmark]
    public HttpRequestMessage CopyRequestHeaders()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9080/api");
        RequestHeaderCopier.Copy(_request, message, keepUpgrade: false);
        return message;
    }

    /// <summary>Upstream response headers (and content headers) into a fresh downstream dictionary.</summary>
    [Benchmark]
    public IHeaderDictionary CopyResponseHeaders()
    {
        var target = new HeaderDictionary();
        ResponseHeaderCopier.CopyHeaders(_response, target, keepUpgrade: false);
        return target;
    }

    /// <summary>The same request headers written as an HTTP/1.1 request head (our HTTP/1.1 client).</summary>
    [Benchmark]
    public int WriteHttp1RequestHead()
    {
        var buffer = Http1RequestWriter.Write("GET", "/api", "reviews.default.svc.cluster.local:9080", _request, hasBody: false, contentLength: null, out var length);
        ArrayPool<byte>.Shared.Return(buffer);
        return length;
    }

    /// <summary>The same response headers parsed from an HTTP/1.1 head into a fresh downstream dictionary (our HTTP/1.1 client).</summary>
    [Benchmark]
    public IHeaderDictionary ParseHttp1ResponseHead()
    {
        Http1ResponseParser.TryParse(ResponseHead, Limits, headRequest: false, out _, out var head);
        var target = new HeaderDictionary();
        ResponseHeaderCopier.CopyFields(head!.Headers, target);
        return target;
    }

    /// <summary>
    /// The same, for the next response on a kept-alive connection: the parser takes the strings of fields equal to
    /// the previous response's (all of them here, as within one second of a real upstream's Date).
    /// </summary>
    [Benchmark]
    public IHeaderDictionary ParseNextHttp1ResponseHead()
    {
        Http1ResponseParser.TryParse(ResponseHead, Limits, headRequest: false, out _, out var head, _previousHead);
        var target = new HeaderDictionary();
        ResponseHeaderCopier.CopyFields(head!.Headers, target);
        return target;
    }

    /// <summary>The hop-by-hop decision for 14 typical names.</summary>
    [Benchmark]
    public int HopByHopDecisions()
    {
        var count = 0;
        foreach (var name in Names)
        {
            if (HopByHopHeaders.IsHopByHop(name))
            {
                count++;
            }
        }

        return count;
    }

    [GlobalCleanup]
    public void Cleanup() => _response.Dispose();
}
