using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Proxy.Router.Forwarding;

namespace Proxy.Tests.Router;

public sealed class RequestHeaderCopierTests
{
    [Fact]
    public void ContentLengthComesOnlyFromTheStreamedContent()
    {
        var source = new HeaderDictionary
        {
            ["content-length"] = "5",
            ["content-type"] = "text/plain",
            ["x-app"] = "1",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "http://upstream/")
        {
            Content = new StreamingRequestContent(new Pipe().Reader, 5, new NoObserver()),
        };

        RequestHeaderCopier.Copy(source, request, keepUpgrade: false);

        Assert.Equal(["5"], request.Content.Headers.GetValues("content-length"));
        Assert.Equal(["text/plain"], request.Content.Headers.GetValues("content-type"));
        Assert.Equal(["1"], request.Headers.GetValues("x-app"));
    }

    [Fact]
    public void HopByHopHostAndExpectAreNotCopied()
    {
        var source = new HeaderDictionary
        {
            ["connection"] = "keep-alive, x-private",
            ["keep-alive"] = "timeout=5",
            ["x-private"] = "secret",
            ["transfer-encoding"] = "chunked",
            ["expect"] = "100-continue",
            ["host"] = "example.com",
            ["te"] = "trailers",
        };
        var request = new HttpRequestMessage(HttpMethod.Get, "http://upstream/");

        RequestHeaderCopier.Copy(source, request, keepUpgrade: false);

        var names = request.Headers.Select(h => h.Key.ToLowerInvariant()).ToArray();
        Assert.Equal(["te"], names);
    }

    private sealed class NoObserver : IRequestBodyObserver
    {
        public void OnRequestBodyData()
        {
        }

        public void OnRequestBodyComplete(long bytes)
        {
        }
    }
}
