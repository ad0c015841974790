namespace Proxy.Routing.Actions;

/// <summary>RouteAction.internal_redirect_policy (or the deprecated internal_redirect_action = HANDLE_INTERNAL_REDIRECT), recorded for the router.</summary>
public sealed class InternalRedirectPolicy
{
    /// <summary>Default 1.</summary>
    public uint MaxInternalRedirects { get; init; } = 1;

    /// <summary>Default {302}; only 301, 302, 303, 307 and 308 are kept, as Envoy ignores the others.</summary>
    public IReadOnlyList<int> RedirectResponseCodes { get; init; } = [302];

    /// <summary>Names of the configured predicates (e.g. envoy.internal_redirect_predicates.previous_routes).</summary>
    public IReadOnlyList<string> Predicates { get; init; } = [];

    public bool AllowCrossSchemeRedirect { get; init; }

    public IReadOnlyList<string> ResponseHeadersToCopy { get; init; } = [];
}
