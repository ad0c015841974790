using Proxy.Routing.Actions;

namespace Proxy.Routing.Translation;

/// <summary>What a route inherits from its virtual host when it does not set it itself.</summary>
internal sealed class VirtualHostDefaults
{
    public RetryPolicy? RetryPolicy { get; init; }

    public HedgePolicy? HedgePolicy { get; init; }

    public required IReadOnlyList<RequestMirrorPolicy> MirrorPolicies { get; init; }

    public uint PerRequestBufferLimitBytes { get; init; } = uint.MaxValue;
}
