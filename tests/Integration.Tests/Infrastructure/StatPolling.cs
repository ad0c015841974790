namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>Stats are charged when a stream ends, a little after the client saw the response: poll for them.</summary>
public static class StatPolling
{
    /// <summary>Waits until the counter or gauge <paramref name="name"/> is at least <paramref name="atLeast"/>; returns it.</summary>
    public static Task<long> WaitAtLeastAsync(this ProxyProcess proxy, string name, long atLeast) =>
        Eventually.UntilAsync(() => proxy.StatAsync(name), value => value >= atLeast, $"stat {name} >= {atLeast}");

    /// <summary>Waits until the counter or gauge <paramref name="name"/> equals <paramref name="value"/>.</summary>
    public static Task<long> WaitEqualAsync(this ProxyProcess proxy, string name, long value) =>
        Eventually.UntilAsync(() => proxy.StatAsync(name), current => current == value, $"stat {name} == {value}");
}
