namespace Proxy.Integration.Tests.Errors;

/// <summary>The error-flag and malformed-request classes share one proxy (each start costs seconds).</summary>
[CollectionDefinition(Name)]
public sealed class ErrorsCollection : ICollectionFixture<ErrorsFixture>
{
    public const string Name = "errors";
}
