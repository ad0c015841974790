using Envoy.Config.Core.V3;

namespace Proxy.Config;

/// <summary>A config source that names a file (path_config_source, or the deprecated path): file-based xDS.</summary>
internal static class ConfigSourcePaths
{
    /// <summary>The file's path, or null when the source is a stream (ads, api_config_source) or unset.</summary>
    public static string? Of(ConfigSource? source) => source?.ConfigSourceSpecifierCase switch
    {
        ConfigSource.ConfigSourceSpecifierOneofCase.PathConfigSource => source.PathConfigSource.Path,
#pragma warning disable CS0612 // path is deprecated in favour of path_config_source, but older configs still use it.
        ConfigSource.ConfigSourceSpecifierOneofCase.Path => source.Path,
#pragma warning restore CS0612
        _ => null,
    };
}
