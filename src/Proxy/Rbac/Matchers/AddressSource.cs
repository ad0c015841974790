namespace Proxy.Rbac.Matchers;

/// <summary>Which address an IP matcher reads.</summary>
internal enum AddressSource
{
    /// <summary><c>destination_ip</c>: the local (restored original destination) address.</summary>
    Destination,

    /// <summary><c>direct_remote_ip</c> and the deprecated <c>source_ip</c>: the socket's peer.</summary>
    DirectRemote,

    /// <summary><c>remote_ip</c>: the client after x-forwarded-for or PROXY protocol.</summary>
    Remote,
}
