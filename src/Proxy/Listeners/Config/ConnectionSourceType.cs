namespace Proxy.Listeners.Config;

/// <summary>FilterChainMatch.source_type.</summary>
internal enum ConnectionSourceType
{
    Any,
    SameIpOrLoopback,
    External,
}
