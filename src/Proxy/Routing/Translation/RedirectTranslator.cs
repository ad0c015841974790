using Proxy.Routing.Actions;
using Proxy.Routing.Matching;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.Routing.Translation;

/// <summary>Route.redirect into <see cref="RedirectAction"/>.</summary>
internal static class RedirectTranslator
{
    public static RedirectAction Translate(Pb.RedirectAction redirect, string at, RouteMatch match)
    {
        string? scheme = redirect.SchemeRewriteSpecifierCase switch
        {
            Pb.RedirectAction.SchemeRewriteSpecifierOneofCase.HttpsRedirect when redirect.HttpsRedirect => "https",
            Pb.RedirectAction.SchemeRewriteSpecifierOneofCase.SchemeRedirect when redirect.SchemeRedirect.Length > 0 => redirect.SchemeRedirect,
            _ => null,
        };

        return new RedirectAction
        {
            SchemeRedirect = scheme,
            HostRedirect = redirect.HostRedirect.Length > 0 ? ProtoValues.HeaderValue(redirect.HostRedirect, at + ".host_redirect") : null,
            PortRedirect = redirect.PortRedirect,
            PathRedirect = redirect.PathRewriteSpecifierCase == Pb.RedirectAction.PathRewriteSpecifierOneofCase.PathRedirect && redirect.PathRedirect.Length > 0
                ? ProtoValues.HeaderValue(redirect.PathRedirect, at + ".path_redirect")
                : null,
            PrefixRewrite = redirect.PathRewriteSpecifierCase == Pb.RedirectAction.PathRewriteSpecifierOneofCase.PrefixRewrite && redirect.PrefixRewrite.Length > 0
                ? ProtoValues.HeaderValue(redirect.PrefixRewrite, at + ".prefix_rewrite")
                : null,
            RegexRewrite = redirect.PathRewriteSpecifierCase == Pb.RedirectAction.PathRewriteSpecifierOneofCase.RegexRewrite
                ? MatchTranslator.RegexRewrite(redirect.RegexRewrite, at + ".regex_rewrite")
                : null,
            ResponseCode = redirect.ResponseCode switch
            {
                Pb.RedirectAction.Types.RedirectResponseCode.MovedPermanently => 301,
                Pb.RedirectAction.Types.RedirectResponseCode.Found => 302,
                Pb.RedirectAction.Types.RedirectResponseCode.SeeOther => 303,
                Pb.RedirectAction.Types.RedirectResponseCode.TemporaryRedirect => 307,
                Pb.RedirectAction.Types.RedirectResponseCode.PermanentRedirect => 308,
                _ => throw ProtoValues.Error(at + ".response_code", $"unknown value {(int)redirect.ResponseCode}"),
            },
            StripQuery = redirect.StripQuery,
            Match = match,
        };
    }
}
