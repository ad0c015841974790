using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Grpc;

/// <summary>gRPC through the proxy with grpcio's own client and server: unary, bidirectional streaming, status and trailers.</summary>
public sealed class GrpcTests : IClassFixture<GrpcFixture>
{
    private readonly GrpcFixture _fixture;

    public GrpcTests(GrpcFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task UnaryCallWithTrailers()
    {
        var result = await CallAsync("unary", "test.Echo", "hello");

        Assert.Equal("OK", result.Code);
        Assert.Equal(["echo:hello"], result.Replies);
        Assert.Equal("unary-done", result.Trailers["x-trailer"]);
    }

    [Fact]
    public async Task BidirectionalStreamInterleavesMessages()
    {
        // Each message is sent only after the previous reply came back through the proxy.
        var result = await CallAsync("bidi", "test.Echo", "one", "two", "three");

        Assert.Equal("OK", result.Code);
        Assert.Equal(["echo:one", "echo:two", "echo:three"], result.Replies);
        Assert.Equal("bidi-done", result.Trailers["x-trailer"]);
    }

    [Fact]
    public async Task ErrorStatusMessageAndTrailersArePreserved()
    {
        var result = await CallAsync("unary", "test.Echo", "fail:thing");

        Assert.Equal("NOT_FOUND", result.Code);
        Assert.Equal("no such thing: fail:thing", result.Details);
        Assert.Equal("failed", result.Trailers["x-trailer"]);
    }

    [Fact]
    public async Task DeadClusterIsUnavailable()
    {
        var result = await CallAsync("unary", "test.Dead", "hello");

        Assert.Equal("UNAVAILABLE", result.Code);
        Assert.Equal("upstream connect error or disconnect/reset before headers. reset reason: connection failure", result.Details);
    }

    [Fact]
    public async Task DeadClusterAnswersTrailersOnly()
    {
        // Envoy's local reply to a gRPC request: HTTP 200, grpc-status in the headers, no body.
        var response = await Curl.GetAsync(
            _fixture.Url("/test.Dead/Unary"),
            "--http2-prior-knowledge",
            "-X", "POST",
            "-H", "content-type: application/grpc",
            "-H", "te: trailers",
            "--data-binary", "");

        Assert.Equal(200, response.Status);
        Assert.Equal("14", response.Header("grpc-status"));
        Assert.Equal("application/grpc", response.Header("content-type"));
        Assert.Equal("", response.Body);
    }

    private async Task<GrpcResult> CallAsync(string mode, string service, params string[] messages)
    {
        var result = await Python.RunAsync("grpc_client.py", [_fixture.Target, mode, service, .. messages]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        var trailers = new Dictionary<string, string>();
        foreach (var trailer in root.GetProperty("trailers").EnumerateObject())
        {
            trailers[trailer.Name] = trailer.Value.GetString()!;
        }

        return new GrpcResult(
            root.GetProperty("code").GetString()!,
            root.GetProperty("details").GetString()!,
            root.GetProperty("replies").EnumerateArray().Select(r => r.GetString()!).ToArray(),
            trailers);
    }
}
