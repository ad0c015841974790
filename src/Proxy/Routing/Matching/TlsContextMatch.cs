namespace Proxy.Routing.Matching;

/// <summary>RouteMatch.tls_context: unset fields are not checked.</summary>
public sealed class TlsContextMatch
{
    public TlsContextMatch(bool? presented, bool? validated)
    {
        Presented = presented;
        Validated = validated;
    }

    public bool? Presented { get; }

    public bool? Validated { get; }

    public bool Matches(in RequestView request) =>
        (Presented is not { } p || p == request.PeerCertificatePresented)
        && (Validated is not { } v || v == request.PeerCertificateValidated);
}
