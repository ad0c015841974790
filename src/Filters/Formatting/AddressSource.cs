namespace Proxy.Filters.Formatting;

/// <summary>Which address of the stream an address operator prints.</summary>
internal enum AddressSource
{
    /// <summary>DOWNSTREAM_LOCAL_ADDRESS: the original destination when original_dst restored it.</summary>
    DownstreamLocal,

    /// <summary>DOWNSTREAM_REMOTE_ADDRESS: the client, after x-forwarded-for / proxy protocol.</summary>
    DownstreamRemote,

    /// <summary>DOWNSTREAM_DIRECT_REMOTE_ADDRESS: the TCP peer.</summary>
    DownstreamDirectRemote,

    /// <summary>UPSTREAM_LOCAL_ADDRESS: our side of the upstream connection.</summary>
    UpstreamLocal,

    /// <summary>UPSTREAM_REMOTE_ADDRESS: the upstream host (from <see cref="StreamInfo.StreamInfo.UpstreamHost"/>).</summary>
    UpstreamRemote,
}
