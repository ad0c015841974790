using Proxy.Upstream.Hosts;

namespace Proxy.Admin;

/// <summary>Envoy's /clusters health_flags text: "healthy", or the failing reasons each prefixed with '/'.</summary>
internal static class HealthFlagsText
{
    private static readonly (HostHealthFlags Flag, string Name)[] Names =
    [
        (HostHealthFlags.FailedActiveHealthCheck, "/failed_active_hc"),
        (HostHealthFlags.FailedOutlierCheck, "/failed_outlier_check"),
        (HostHealthFlags.FailedEdsHealth, "/failed_eds_health"),
        (HostHealthFlags.DegradedActiveHealthCheck, "/degraded_active_hc"),
        (HostHealthFlags.DegradedEdsHealth, "/degraded_eds_health"),
        (HostHealthFlags.PendingDynamicRemoval, "/pending_dynamic_removal"),
        (HostHealthFlags.PendingActiveHealthCheck, "/pending_active_hc"),
        (HostHealthFlags.ExcludedViaImmediateHealthCheckFail, "/excluded_via_immediate_hc_fail"),
        (HostHealthFlags.ActiveHealthCheckTimeout, "/active_hc_timeout"),
        (HostHealthFlags.EdsStatusDraining, "/eds_status_draining"),
    ];

    public static string Of(HostHealthFlags flags)
    {
        if (flags == HostHealthFlags.None)
        {
            return "healthy";
        }

        var text = "";
        foreach (var (flag, name) in Names)
        {
            if ((flags & flag) != 0)
            {
                text += name;
            }
        }

        return text;
    }
}
