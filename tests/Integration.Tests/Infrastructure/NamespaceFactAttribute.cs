using Xunit;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>A test that needs its own network namespaces: skipped, with the reason shown, where it cannot run.</summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (NetworkNamespace.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
