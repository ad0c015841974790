using Proxy.Filters.Extensions;
using Proxy.Routing.Actions;
using Proxy.Routing.Matching;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.Routing.Translation;

/// <summary>One Route into a <see cref="RouteEntry"/>; errors are prefixed with the route's name when it has one.</summary>
internal static class RouteEntryTranslator
{
    public static RouteEntry Translate(Pb.Route route, string at, VirtualHostDefaults vh, RouteTranslationScope scope)
    {
        try
        {
            return TranslateCore(route, at, vh, scope);
        }
        catch (ConfigException e) when (route.Name.Length > 0)
        {
            throw ConfigException.At($"route '{route.Name}'", e);
        }
    }

    private static RouteEntry TranslateCore(Pb.Route route, string at, VirtualHostDefaults vh, RouteTranslationScope scope)
    {
        RouteMatch match = MatchTranslator.Translate(route.Match, at + ".match", scope);
        RouteEntryAction action = route.ActionCase switch
        {
            Pb.Route.ActionOneofCase.Route_ => RouteActionTranslator.Translate(route.Route_, at + ".route", vh, scope),
            Pb.Route.ActionOneofCase.Redirect => RedirectTranslator.Translate(route.Redirect, at + ".redirect", match),
            Pb.Route.ActionOneofCase.DirectResponse => DirectResponseTranslator.Translate(route.DirectResponse, at + ".direct_response", scope),
            Pb.Route.ActionOneofCase.NonForwardingAction => NonForwardingAction.Instance,
            Pb.Route.ActionOneofCase.FilterAction => throw ProtoValues.Error(at + ".filter_action", $"filter actions are not supported (type '{route.FilterAction.Action?.TypeUrl}')"),
            _ => throw ProtoValues.Error(at, "one of route, redirect, direct_response or non_forwarding_action is required"),
        };

        Decorator? decorator = null;
        if (route.Decorator is { } pbDecorator)
        {
            if (pbDecorator.Operation.Length == 0)
            {
                throw ProtoValues.Error(at + ".decorator.operation", "must not be empty");
            }

            decorator = new Decorator(pbDecorator.Operation, pbDecorator.Propagate ?? true);
        }

        RouteTracing? tracing = null;
        if (route.Tracing is { } pbTracing)
        {
            // Each sampling defaults to 100% (Envoy's RouteTracingImpl).
            tracing = new RouteTracing
            {
                ClientSampling = pbTracing.ClientSampling is { } c ? ProtoValues.ToFraction(c, at + ".tracing.client_sampling") : new RuntimeFraction(100, 100),
                RandomSampling = pbTracing.RandomSampling is { } r ? ProtoValues.ToFraction(r, at + ".tracing.random_sampling") : new RuntimeFraction(100, 100),
                OverallSampling = pbTracing.OverallSampling is { } o ? ProtoValues.ToFraction(o, at + ".tracing.overall_sampling") : new RuntimeFraction(100, 100),
            };
        }

        return new RouteEntry
        {
            Name = route.Name,
            Match = match,
            Action = action,
            RequestMutations = HeaderMutationsTranslator.Translate(route.RequestHeadersToAdd, route.RequestHeadersToRemove, at + ".request_headers_to_add", at + ".request_headers_to_remove", scope.Context),
            ResponseMutations = HeaderMutationsTranslator.Translate(route.ResponseHeadersToAdd, route.ResponseHeadersToRemove, at + ".response_headers_to_add", at + ".response_headers_to_remove", scope.Context),
            Decorator = decorator,
            Tracing = tracing,
            Metadata = ProtoValues.Clone(route.Metadata),
            TypedPerFilterConfig = ProtoValues.FilterConfigs(route.TypedPerFilterConfig, scope.Context, at + ".typed_per_filter_config"),
            PerRequestBufferLimitBytes = route.PerRequestBufferLimitBytes ?? vh.PerRequestBufferLimitBytes,
            StatPrefix = route.StatPrefix,
        };
    }
}
