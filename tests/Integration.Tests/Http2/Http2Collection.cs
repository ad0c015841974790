namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// The downstream HTTP/2 classes share one proxy and run one after another: stats read before and after a test
/// (resets, stream counts) then belong to that test alone.
/// </summary>
[CollectionDefinition(Name)]
public sealed class Http2Collection : ICollectionFixture<Http2Fixture>
{
    public const string Name = "http2";
}
