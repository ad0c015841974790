using Proxy.Filters.Stats;

namespace Proxy.Authz;

/// <summary>Envoy's ext_authz HTTP filter stats: <c>http.&lt;hcm prefix&gt;.ext_authz.[&lt;stat_prefix&gt;.]ok|denied|error|disabled|failure_mode_allowed</c>.</summary>
internal sealed class ExtAuthzStats
{
    public ExtAuthzStats(IStatsScope scope, string statPrefix)
    {
        var prefix = "ext_authz." + (statPrefix.Length == 0 ? string.Empty : statPrefix + ".");
        Ok = scope.Counter(prefix + "ok");
        Denied = scope.Counter(prefix + "denied");
        Error = scope.Counter(prefix + "error");
        Disabled = scope.Counter(prefix + "disabled");
        FailureModeAllowed = scope.Counter(prefix + "failure_mode_allowed");
    }

    public Counter Ok { get; }

    public Counter Denied { get; }

    public Counter Error { get; }

    public Counter Disabled { get; }

    public Counter FailureModeAllowed { get; }
}
