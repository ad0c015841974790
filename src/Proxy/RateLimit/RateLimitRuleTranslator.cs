using Google.Protobuf;
using Google.Protobuf.Collections;
using Proxy.Filters.Extensions;
using Proxy.RateLimit.Actions;
using Proxy.Routing.Translation;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.RateLimit;

/// <summary>
/// route.v3.RateLimit lists (a route's <c>rate_limits</c>, or the local rate limit filter's) into rules.
/// Actions this proxy cannot evaluate (metadata, query parameters, extensions, and action types newer than
/// its API) are refused by name: dropping one would change which requests share a bucket.
/// </summary>
internal static class RateLimitRuleTranslator
{
    public static RateLimitRule[] Translate(IReadOnlyList<Pb.RateLimit> rateLimits, string at)
    {
        var rules = new RateLimitRule[rateLimits.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            rules[i] = Rule(rateLimits[i], $"{at}[{i}]");
        }

        return rules;
    }

    /// <summary>Repeated field <paramref name="fieldNumber"/> of type RateLimit, read from a message's wire bytes (for fields newer than the pinned API).</summary>
    public static List<Pb.RateLimit> ReadRepeated(ByteString message, int fieldNumber)
    {
        var result = new List<Pb.RateLimit>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var rateLimit = new Pb.RateLimit();
                input.ReadMessage(rateLimit);
                result.Add(rateLimit);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return result;
    }

    private static RateLimitRule Rule(Pb.RateLimit rateLimit, string at)
    {
        if (rateLimit.Actions.Count == 0)
        {
            throw new ConfigException($"{at}.actions: at least one action is required");
        }

        if (rateLimit.Limit is not null)
        {
            throw new ConfigException($"{at}.limit: limit overrides are not supported");
        }

        var actions = new IDescriptorAction[rateLimit.Actions.Count];
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = Action(rateLimit.Actions[i], $"{at}.actions[{i}]");
        }

        return new RateLimitRule(rateLimit.Stage ?? 0, actions);
    }

    private static IDescriptorAction Action(Pb.RateLimit.Types.Action action, string at)
    {
        switch (action.ActionSpecifierCase)
        {
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.SourceCluster:
                return new ClusterAction(destination: false);
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.DestinationCluster:
                return new ClusterAction(destination: true);
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.RequestHeaders:
                var headers = action.RequestHeaders;
                return new RequestHeadersAction(
                    ProtoValues.HeaderName(headers.HeaderName, at + ".request_headers.header_name"),
                    NonEmpty(headers.DescriptorKey, at + ".request_headers.descriptor_key"),
                    headers.SkipIfAbsent);
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.RemoteAddress:
                return new RemoteAddressAction(masked: false, 32, 128);
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.MaskedRemoteAddress:
                var masked = action.MaskedRemoteAddress;
                return new RemoteAddressAction(
                    masked: true,
                    (int)Math.Min(masked.V4PrefixMaskLen ?? 32, 32),
                    (int)Math.Min(masked.V6PrefixMaskLen ?? 128, 128));
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.GenericKey:
                var generic = action.GenericKey;
                return new GenericKeyAction(
                    generic.DescriptorKey.Length > 0 ? generic.DescriptorKey : "generic_key",
                    NonEmpty(generic.DescriptorValue, at + ".generic_key.descriptor_value"));
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.HeaderValueMatch:
                var match = action.HeaderValueMatch;
                if (match.Headers.Count == 0)
                {
                    throw new ConfigException($"{at}.header_value_match.headers: at least one header is required");
                }

                return new HeaderValueMatchAction(
                    match.DescriptorKey.Length > 0 ? match.DescriptorKey : "header_match",
                    NonEmpty(match.DescriptorValue, at + ".header_value_match.descriptor_value"),
                    match.ExpectMatch ?? true,
                    MatchTranslator.Headers(match.Headers, at + ".header_value_match.headers"));
            case Pb.RateLimit.Types.Action.ActionSpecifierOneofCase.None:
                throw new ConfigException($"{at}: an action is required (types newer than this proxy's API, such as remote_address_match, are not supported)");
            default:
                throw new ConfigException($"{at}: {Snake(action.ActionSpecifierCase.ToString())} actions are not supported");
        }
    }

    private static string NonEmpty(string value, string at) =>
        value.Length > 0 ? value : throw new ConfigException($"{at}: must not be empty");

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
