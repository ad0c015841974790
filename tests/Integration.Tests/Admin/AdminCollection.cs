namespace Proxy.Integration.Tests.Admin;

/// <summary>The admin endpoint classes share one proxy (each start costs seconds).</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin";
}
