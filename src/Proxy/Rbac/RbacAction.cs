namespace Proxy.Rbac;

/// <summary>envoy.config.rbac.v3.RBAC.Action: what a matching policy means.</summary>
internal enum RbacAction
{
    /// <summary>Safe-list: a request is allowed only when a policy matches (no policies: nothing is allowed).</summary>
    Allow,

    /// <summary>Block-list: a request is denied when a policy matches (no policies: everything is allowed).</summary>
    Deny,

    /// <summary>Never denies; a match only marks the request for logging.</summary>
    Log,
}
