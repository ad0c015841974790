using System.Collections.Immutable;
using Envoy.Config.Endpoint.V3;
using Proxy.Filters.Extensions;

namespace Proxy.Upstream.Config;

/// <summary>
/// Translates <c>config.endpoint.v3.ClusterLoadAssignment</c> (EDS resources and clusters' <c>load_assignment</c>)
/// into <see cref="LoadAssignment"/>, with the validation Envoy applies (validate.proto rules plus
/// <c>BaseDynamicClusterImpl</c>/<c>validateEndpoints</c> checks).
/// </summary>
public static class EndpointTranslator
{
    /// <summary>Envoy's limit on drop_overloads categories (<c>kDropOverloadSize</c>).</summary>
    private const int MaxDropOverloads = 1;

    /// <summary>
    /// An EDS resource. Endpoint addresses must be IP literals, pipes or internal addresses (Envoy does not
    /// resolve names in EDS). Errors: <c>cluster_load_assignment 'name': field: reason</c>.
    /// </summary>
    public static LoadAssignment Translate(ClusterLoadAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        try
        {
            return TranslateFields(assignment, allowHostnames: false);
        }
        catch (FieldException e)
        {
            throw new ConfigException($"cluster_load_assignment '{assignment.ClusterName}': {e.Message}");
        }
    }

    /// <summary>The same, throwing <see cref="FieldException"/> with paths relative to the assignment.</summary>
    internal static LoadAssignment TranslateFields(ClusterLoadAssignment assignment, bool allowHostnames)
    {
        if (assignment.ClusterName.Length == 0)
        {
            throw new FieldException("cluster_name", "must not be empty");
        }

        if (assignment.NamedEndpoints.Count != 0)
        {
            throw new FieldException("named_endpoints", "not supported (Envoy does not implement it either)");
        }

        var localities = ImmutableArray.CreateBuilder<LocalityEndpoints>(assignment.Endpoints.Count);
        var localityWeightSums = new Dictionary<int, ulong>();
        for (var i = 0; i < assignment.Endpoints.Count; i++)
        {
            var path = $"endpoints[{i}]";
            try
            {
                var locality = TranslateLocality(assignment.Endpoints[i], allowHostnames);
                if (locality.LoadBalancingWeight is { } weight)
                {
                    // Envoy: "The sum of weights of all localities at the same priority exceeds 4294967295".
                    localityWeightSums.TryGetValue(locality.Priority, out var sum);
                    sum += weight;
                    if (sum > uint.MaxValue)
                    {
                        throw new FieldException("load_balancing_weight",
                            $"the sum of weights of all localities at priority {locality.Priority} exceeds {uint.MaxValue}");
                    }

                    localityWeightSums[locality.Priority] = sum;
                }

                localities.Add(locality);
            }
            catch (FieldException e)
            {
                throw e.Under(path);
            }
        }

        var result = new LoadAssignment
        {
            ClusterName = assignment.ClusterName,
            Localities = localities.MoveToImmutable(),
        };
        return assignment.Policy is null ? result : WithPolicy(result, assignment.Policy);
    }

    private static LoadAssignment WithPolicy(LoadAssignment result, ClusterLoadAssignment.Types.Policy policy)
    {
        if (policy.OverprovisioningFactor is 0)
        {
            throw new FieldException("policy.overprovisioning_factor", "must be greater than 0");
        }

        if (policy.DropOverloads.Count > MaxDropOverloads)
        {
            throw new FieldException("policy.drop_overloads",
                $"Cluster drop_overloads config has {policy.DropOverloads.Count} categories. Envoy only support one.");
        }

        var drops = ImmutableArray.CreateBuilder<DropOverload>(policy.DropOverloads.Count);
        for (var i = 0; i < policy.DropOverloads.Count; i++)
        {
            var drop = policy.DropOverloads[i];
            if (drop.Category.Length == 0)
            {
                throw new FieldException($"policy.drop_overloads[{i}].category", "must not be empty");
            }

            drops.Add(new DropOverload(drop.Category, drop.DropPercentage is null ? 0 : ProtoValues.Fraction(drop.DropPercentage)));
        }

        return result with
        {
            OverprovisioningFactor = policy.OverprovisioningFactor ?? LoadAssignment.DefaultOverprovisioningFactor,
            WeightedPriorityHealth = policy.WeightedPriorityHealth,
            DropOverloads = drops.MoveToImmutable(),
            EndpointStaleAfter = policy.EndpointStaleAfter is null
                ? null
                : ProtoValues.Positive(policy.EndpointStaleAfter, "policy.endpoint_stale_after"),
        };
    }

    private static LocalityEndpoints TranslateLocality(LocalityLbEndpoints locality, bool allowHostnames)
    {
        if (locality.LbConfigCase != LocalityLbEndpoints.LbConfigOneofCase.None)
        {
            var field = locality.LbConfigCase == LocalityLbEndpoints.LbConfigOneofCase.LedsClusterLocalityConfig
                ? "leds_cluster_locality_config"
                : "load_balancer_endpoints";
            throw new FieldException(field, "not supported; list endpoints in lb_endpoints");
        }

        if (locality.Priority > 128)
        {
            throw new FieldException("priority", $"must be at most 128, got {locality.Priority}");
        }

        if (locality.LoadBalancingWeight is 0)
        {
            throw new FieldException("load_balancing_weight", "must be at least 1");
        }

        var endpoints = ImmutableArray.CreateBuilder<EndpointConfig>(locality.LbEndpoints.Count);
        ulong weightSum = 0;
        for (var i = 0; i < locality.LbEndpoints.Count; i++)
        {
            try
            {
                var endpoint = TranslateEndpoint(locality.LbEndpoints[i], allowHostnames);
                weightSum += endpoint.Weight;
                if (weightSum > uint.MaxValue)
                {
                    // Envoy: "The sum of weights of all upstream hosts in a locality exceeds 4294967295".
                    throw new FieldException("load_balancing_weight",
                        $"the sum of weights of all endpoints in the locality exceeds {uint.MaxValue}");
                }

                endpoints.Add(endpoint);
            }
            catch (FieldException e)
            {
                throw e.Under($"lb_endpoints[{i}]");
            }
        }

        var proto = locality.Locality;
        return new LocalityEndpoints
        {
            Locality = proto is null ? Locality.Empty : new Locality(proto.Region, proto.Zone, proto.SubZone),
            Endpoints = endpoints.MoveToImmutable(),
            LoadBalancingWeight = locality.LoadBalancingWeight,
            Priority = (int)locality.Priority,
            Metadata = MetadataInterner.Intern(locality.Metadata),
            Proximity = locality.Proximity,
        };
    }

    private static EndpointConfig TranslateEndpoint(LbEndpoint lbEndpoint, bool allowHostnames)
    {
        if (lbEndpoint.HostIdentifierCase == LbEndpoint.HostIdentifierOneofCase.EndpointName)
        {
            throw new FieldException("endpoint_name", "named endpoints are not supported");
        }

        if (lbEndpoint.LoadBalancingWeight is 0)
        {
            throw new FieldException("load_balancing_weight", "must be at least 1");
        }

        var endpoint = lbEndpoint.Endpoint;
        if (endpoint is null)
        {
            throw new FieldException("endpoint", "is required");
        }

        EndpointAddress address;
        try
        {
            address = AddressTranslator.Translate(endpoint.Address, allowHostnames);
        }
        catch (FieldException e)
        {
            throw e.Under("endpoint.address");
        }

        return new EndpointConfig
        {
            Address = address,
            Hostname = endpoint.Hostname,
            HealthCheck = endpoint.HealthCheckConfig is null ? null : TranslateHealthCheck(endpoint.HealthCheckConfig),
            HealthStatus = TranslateHealthStatus(lbEndpoint.HealthStatus),
            Weight = lbEndpoint.LoadBalancingWeight ?? 1,
            Metadata = MetadataInterner.Intern(lbEndpoint.Metadata),
            AdditionalAddresses = TranslateAdditional(endpoint, allowHostnames),
        };
    }

    private static EndpointHealthStatus TranslateHealthStatus(Envoy.Config.Core.V3.HealthStatus status) => status switch
    {
        Envoy.Config.Core.V3.HealthStatus.Unknown => EndpointHealthStatus.Unknown,
        Envoy.Config.Core.V3.HealthStatus.Healthy => EndpointHealthStatus.Healthy,
        Envoy.Config.Core.V3.HealthStatus.Unhealthy => EndpointHealthStatus.Unhealthy,
        Envoy.Config.Core.V3.HealthStatus.Draining => EndpointHealthStatus.Draining,
        Envoy.Config.Core.V3.HealthStatus.Timeout => EndpointHealthStatus.Timeout,
        Envoy.Config.Core.V3.HealthStatus.Degraded => EndpointHealthStatus.Degraded,
        _ => throw new FieldException("health_status", $"unknown value {(int)status}"),
    };

    private static EndpointHealthCheckSettings TranslateHealthCheck(Endpoint.Types.HealthCheckConfig config)
    {
        if (config.PortValue > 65535)
        {
            throw new FieldException("endpoint.health_check_config.port_value", $"must be at most 65535, got {config.PortValue}");
        }

        EndpointAddress? address = null;
        if (config.Address is not null)
        {
            try
            {
                address = AddressTranslator.Translate(config.Address, allowHostname: true);
            }
            catch (FieldException e)
            {
                throw e.Under("endpoint.health_check_config.address");
            }
        }

        return new EndpointHealthCheckSettings
        {
            PortValue = (int)config.PortValue,
            Hostname = config.Hostname,
            Address = address,
            DisableActiveHealthCheck = config.DisableActiveHealthCheck,
        };
    }

    private static ImmutableArray<EndpointAddress> TranslateAdditional(Endpoint endpoint, bool allowHostnames)
    {
        if (endpoint.AdditionalAddresses.Count == 0)
        {
            return ImmutableArray<EndpointAddress>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<EndpointAddress>(endpoint.AdditionalAddresses.Count);
        for (var i = 0; i < endpoint.AdditionalAddresses.Count; i++)
        {
            try
            {
                result.Add(AddressTranslator.Translate(endpoint.AdditionalAddresses[i].Address, allowHostnames));
            }
            catch (FieldException e)
            {
                throw e.Under($"endpoint.additional_addresses[{i}].address");
            }
        }

        return result.MoveToImmutable();
    }
}
