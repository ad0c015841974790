using System.Net;
using Proxy.Filters.Extensions;
using Proxy.Listeners.Config;
using Proxy.Rbac.Matchers;
using Proxy.Routing.Translation;
using Pb = Envoy.Config.Rbac.V3;
using PbMatcher = Envoy.Type.Matcher.V3;

namespace Proxy.Rbac;

/// <summary>
/// envoy.config.rbac.v3.RBAC into an <see cref="RbacEngine"/>, validating what Envoy validates (every
/// policy has permissions and principals, regexes compile, CIDRs parse, port ranges are ordered). Errors name
/// the field, e.g. <c>rules.policies['p'].permissions[0].and_rules.rules[1].url_path.path.safe_regex.regex</c>.
/// CEL conditions and the generic <c>matcher</c>/<c>uri_template</c> permissions are refused by name:
/// ignoring them would change who is allowed.
/// </summary>
internal static class RbacTranslator
{
    public static RbacEngine Translate(Pb.RBAC rules, string at)
    {
        var action = rules.Action switch
        {
            Pb.RBAC.Types.Action.Allow => RbacAction.Allow,
            Pb.RBAC.Types.Action.Deny => RbacAction.Deny,
            Pb.RBAC.Types.Action.Log => RbacAction.Log,
            _ => throw new ConfigException($"{at}.action: unknown action {(int)rules.Action}"),
        };

        var policies = new List<RbacPolicy>(rules.Policies.Count);
        foreach (var name in rules.Policies.Keys.Order(StringComparer.Ordinal))
        {
            policies.Add(Policy(name, rules.Policies[name], $"{at}.policies['{name}']"));
        }

        return new RbacEngine(action, policies);
    }

    private static RbacPolicy Policy(string name, Pb.Policy policy, string at)
    {
        if (policy.Condition is not null || policy.CheckedCondition is not null)
        {
            throw new ConfigException($"{at}.condition: CEL conditions are not supported");
        }

        if (policy.Permissions.Count == 0)
        {
            throw new ConfigException($"{at}.permissions: at least one permission is required");
        }

        if (policy.Principals.Count == 0)
        {
            throw new ConfigException($"{at}.principals: at least one principal is required");
        }

        var permissions = new RbacMatcher[policy.Permissions.Count];
        for (var i = 0; i < permissions.Length; i++)
        {
            permissions[i] = Permission(policy.Permissions[i], $"{at}.permissions[{i}]");
        }

        var principals = new RbacMatcher[policy.Principals.Count];
        for (var i = 0; i < principals.Length; i++)
        {
            principals[i] = Principal(policy.Principals[i], $"{at}.principals[{i}]");
        }

        return new RbacPolicy(name, new SetMatcher(permissions, all: false), new SetMatcher(principals, all: false));
    }

    private static RbacMatcher Permission(Pb.Permission permission, string at)
    {
        switch (permission.RuleCase)
        {
            case Pb.Permission.RuleOneofCase.AndRules:
            case Pb.Permission.RuleOneofCase.OrRules:
                var and = permission.RuleCase == Pb.Permission.RuleOneofCase.AndRules;
                var set = and ? permission.AndRules : permission.OrRules;
                var field = and ? "and_rules" : "or_rules";
                var rules = new RbacMatcher[set.Rules.Count];
                for (var i = 0; i < rules.Length; i++)
                {
                    rules[i] = Permission(set.Rules[i], $"{at}.{field}.rules[{i}]");
                }

                return new SetMatcher(rules, and);
            case Pb.Permission.RuleOneofCase.Any:
                return Any(permission.Any, at + ".any");
            case Pb.Permission.RuleOneofCase.Header:
                return new HeaderRbacMatcher(MatchTranslator.Header(permission.Header, at + ".header"));
            case Pb.Permission.RuleOneofCase.UrlPath:
                return Path(permission.UrlPath, at + ".url_path");
            case Pb.Permission.RuleOneofCase.DestinationIp:
                return Ip(permission.DestinationIp, AddressSource.Destination, at + ".destination_ip");
            case Pb.Permission.RuleOneofCase.DestinationPort:
                if (permission.DestinationPort > 65535)
                {
                    throw new ConfigException($"{at}.destination_port: {permission.DestinationPort} is not a port");
                }

                return new PortMatcher((int)permission.DestinationPort, (int)permission.DestinationPort + 1);
            case Pb.Permission.RuleOneofCase.DestinationPortRange:
                var range = permission.DestinationPortRange;
                if (range.Start > range.End)
                {
                    throw new ConfigException($"{at}.destination_port_range: start {range.Start} is after end {range.End}");
                }

                return new PortMatcher((int)range.Start, (int)range.End);
            case Pb.Permission.RuleOneofCase.Metadata:
                return Metadata(permission.Metadata, at + ".metadata");
            case Pb.Permission.RuleOneofCase.NotRule:
                return new NotMatcher(Permission(permission.NotRule, at + ".not_rule"));
            case Pb.Permission.RuleOneofCase.RequestedServerName:
                return new ServerNameMatcher(MatchTranslator.String(permission.RequestedServerName, at + ".requested_server_name"));
            case Pb.Permission.RuleOneofCase.Matcher:
                throw new ConfigException($"{at}.matcher: extension permission '{permission.Matcher.Name}' is not supported");
            case Pb.Permission.RuleOneofCase.UriTemplate:
                throw new ConfigException($"{at}.uri_template: URI template permissions are not supported");
            default:
                throw new ConfigException($"{at}: one rule is required");
        }
    }

    private static RbacMatcher Principal(Pb.Principal principal, string at)
    {
        switch (principal.IdentifierCase)
        {
            case Pb.Principal.IdentifierOneofCase.AndIds:
            case Pb.Principal.IdentifierOneofCase.OrIds:
                var and = principal.IdentifierCase == Pb.Principal.IdentifierOneofCase.AndIds;
                var set = and ? principal.AndIds : principal.OrIds;
                var field = and ? "and_ids" : "or_ids";
                var ids = new RbacMatcher[set.Ids.Count];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = Principal(set.Ids[i], $"{at}.{field}.ids[{i}]");
                }

                return new SetMatcher(ids, and);
            case Pb.Principal.IdentifierOneofCase.Any:
                return Any(principal.Any, at + ".any");
            case Pb.Principal.IdentifierOneofCase.Authenticated:
                if (principal.Authenticated.PrincipalName is { } name)
                {
                    MatchTranslator.String(name, at + ".authenticated.principal_name");
                }

                return new AuthenticatedMatcher();
#pragma warning disable CS0612 // source_ip is deprecated; Envoy still honours it as direct_remote_ip.
            case Pb.Principal.IdentifierOneofCase.SourceIp:
                return Ip(principal.SourceIp, AddressSource.DirectRemote, at + ".source_ip");
#pragma warning restore CS0612
            case Pb.Principal.IdentifierOneofCase.DirectRemoteIp:
                return Ip(principal.DirectRemoteIp, AddressSource.DirectRemote, at + ".direct_remote_ip");
            case Pb.Principal.IdentifierOneofCase.RemoteIp:
                return Ip(principal.RemoteIp, AddressSource.Remote, at + ".remote_ip");
            case Pb.Principal.IdentifierOneofCase.Header:
                return new HeaderRbacMatcher(MatchTranslator.Header(principal.Header, at + ".header"));
            case Pb.Principal.IdentifierOneofCase.UrlPath:
                return Path(principal.UrlPath, at + ".url_path");
            case Pb.Principal.IdentifierOneofCase.Metadata:
                return Metadata(principal.Metadata, at + ".metadata");
            case Pb.Principal.IdentifierOneofCase.FilterState:
                return FilterState(principal.FilterState, at + ".filter_state");
            case Pb.Principal.IdentifierOneofCase.NotId:
                return new NotMatcher(Principal(principal.NotId, at + ".not_id"));
            default:
                throw new ConfigException($"{at}: one identifier is required");
        }
    }

    private static AnyMatcher Any(bool any, string at) =>
        any ? AnyMatcher.Instance : throw new ConfigException($"{at}: must be true");

    private static PathRbacMatcher Path(PbMatcher.PathMatcher path, string at) =>
        path.RuleCase == PbMatcher.PathMatcher.RuleOneofCase.Path
            ? new PathRbacMatcher(MatchTranslator.String(path.Path, at + ".path"))
            : throw new ConfigException($"{at}.path: required");

    private static IpMatcher Ip(Envoy.Config.Core.V3.CidrRange range, AddressSource source, string at)
    {
        if (!IPAddress.TryParse(range.AddressPrefix, out var address))
        {
            throw new ConfigException($"{at}.address_prefix: '{range.AddressPrefix}' is not an IP address");
        }

        var length = (int)(range.PrefixLen ?? 0u);
        try
        {
            return new IpMatcher(new CidrRange(address, length), source);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ConfigException($"{at}.prefix_len: {length} is out of range for {address}");
        }
    }

    private static FilterStateMatcher FilterState(PbMatcher.FilterStateMatcher matcher, string at)
    {
        if (string.IsNullOrEmpty(matcher.Key))
        {
            throw new ConfigException($"{at}.key: must not be empty");
        }

        return matcher.MatcherCase == PbMatcher.FilterStateMatcher.MatcherOneofCase.StringMatch
            ? new FilterStateMatcher(matcher.Key, MatchTranslator.String(matcher.StringMatch, at + ".string_match"))
            : throw new ConfigException($"{at}.string_match: required");
    }

    private static ConstantMatcher Metadata(PbMatcher.MetadataMatcher matcher, string at)
    {
        if (string.IsNullOrEmpty(matcher.Filter))
        {
            throw new ConfigException($"{at}.filter: must not be empty");
        }

        if (matcher.Path.Count == 0)
        {
            throw new ConfigException($"{at}.path: at least one segment is required");
        }

        // A missing path reads as an unset Value, which no value matcher matches (not even null_match).
        ValidateValue(matcher.Value, at + ".value");
        return new ConstantMatcher(matcher.Invert);
    }

    private static void ValidateValue(PbMatcher.ValueMatcher? value, string at)
    {
        if (value is null)
        {
            throw new ConfigException($"{at}: required");
        }

        switch (value.MatchPatternCase)
        {
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.StringMatch:
                MatchTranslator.String(value.StringMatch, at + ".string_match");
                return;
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.ListMatch:
                if (value.ListMatch.MatchPatternCase != PbMatcher.ListMatcher.MatchPatternOneofCase.OneOf)
                {
                    throw new ConfigException($"{at}.list_match.one_of: required");
                }

                ValidateValue(value.ListMatch.OneOf, at + ".list_match.one_of");
                return;
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.OrMatch:
                for (var i = 0; i < value.OrMatch.ValueMatchers.Count; i++)
                {
                    ValidateValue(value.OrMatch.ValueMatchers[i], $"{at}.or_match.value_matchers[{i}]");
                }

                return;
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.NullMatch:
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.DoubleMatch:
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.BoolMatch:
            case PbMatcher.ValueMatcher.MatchPatternOneofCase.PresentMatch:
                return;
            default:
                throw new ConfigException($"{at}: one match pattern is required");
        }
    }
}
