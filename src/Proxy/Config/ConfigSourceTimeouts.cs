using Envoy.Config.Core.V3;

namespace Proxy.Config;

/// <summary>A config source's initial_fetch_timeout as Envoy reads it: 15 s when unset, zero for no limit.</summary>
internal static class ConfigSourceTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static TimeSpan InitialFetchTimeout(ConfigSource? source) =>
        source?.InitialFetchTimeout is { } timeout ? timeout.ToTimeSpan() : Default;
}
