namespace Proxy.Filters.Extensions;

/// <summary>
/// A configuration the proxy refuses: thrown by translators and factories while a resource is turned into
/// its validated record, never on the data path. Over xDS it becomes the NACK's error_detail; in a
/// bootstrap it fails startup (or <c>--mode validate</c>). The message names the resource and the field,
/// e.g. <c>route_configuration 'r1': virtual_hosts[0].routes[2].match.safe_regex.regex: invalid regex 'a(': ...</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Prefixes the message with where it happened, as errors bubble up from a field to its resource.</summary>
    public static ConfigException At(string location, ConfigException inner) =>
        new($"{location}: {inner.Message}", inner);
}
