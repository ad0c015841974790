namespace Proxy.Xds.Client;

/// <summary>The client's state for one resource type on its stream.</summary>
internal sealed class XdsSubscription
{
    public XdsSubscription(XdsResourceType type, IXdsWatcher watcher, IReadOnlyCollection<string>? names)
    {
        Type = type;
        Watcher = watcher;
        Names = names is null ? null : new SortedSet<string>(names, StringComparer.Ordinal);
    }

    public XdsResourceType Type { get; }

    public IXdsWatcher Watcher { get; }

    /// <summary>Null for a wildcard subscription.</summary>
    public SortedSet<string>? Names { get; set; }

    /// <summary>The names the server was last told (Delta: subscribed; SotW: the last resource_names sent).</summary>
    public SortedSet<string> SentNames { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether a request for this type went out on the current stream.</summary>
    public bool RequestedOnStream { get; set; }

    /// <summary>Whether a non-empty name list was ever sent (an empty list then means "none", not wildcard).</summary>
    public bool EverNamed { get; set; }

    /// <summary>The subscription changed and a request must go out.</summary>
    public bool Dirty { get; set; }

    /// <summary>SotW: the last accepted version_info; Delta: system_version_info.</summary>
    public string AcceptedVersion { get; set; } = string.Empty;

    public string LastNonce { get; set; } = string.Empty;

    /// <summary>Delta: the version of each resource held (initial_resource_versions after a reconnect).</summary>
    public Dictionary<string, string> Versions { get; } = new(StringComparer.Ordinal);
}
