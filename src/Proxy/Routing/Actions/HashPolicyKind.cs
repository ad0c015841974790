namespace Proxy.Routing.Actions;

/// <summary>RouteAction.HashPolicy.policy_specifier.</summary>
public enum HashPolicyKind
{
    Header,
    Cookie,

    /// <summary>connection_properties.source_ip.</summary>
    SourceIp,
    QueryParameter,
    FilterState,
}
