using Proxy.Routing.Actions;

namespace Proxy.Routing.Translation;

/// <summary>What route-configuration-wide settings the translators of virtual hosts and routes need.</summary>
internal sealed class RouteTranslationScope
{
    public required RouteTranslationContext Context { get; init; }

    public required bool IgnorePathParameters { get; init; }

    public required uint MaxDirectResponseBodySizeBytes { get; init; }

    /// <summary>Names of the route configuration's cluster specifier plugins marked is_optional (none are implemented).</summary>
    public required IReadOnlySet<string> OptionalClusterSpecifierPlugins { get; init; }

    /// <summary>RouteConfiguration.request_mirror_policies, inherited by virtual hosts without their own.</summary>
    public required IReadOnlyList<RequestMirrorPolicy> MirrorPolicies { get; init; }
}
