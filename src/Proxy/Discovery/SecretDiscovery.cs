using Envoy.Extensions.TransportSockets.Tls.V3;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// SDS: the secrets by name, stored with their version for the TLS contexts and /config_dump's
/// dynamic_active_secrets. A response with a secret that holds none of tls_certificate, validation_context,
/// session_ticket_keys or generic_secret is rejected whole. Secrets are not removed by absence from a state of
/// the world response (each is its own subscription in Envoy); Delta's removed_resources removes them.
/// </summary>
internal sealed class SecretDiscovery : IXdsWatcher
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DynamicResource> _secrets = new(StringComparer.Ordinal);

    public SecretDiscovery(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Told the name of each secret that arrived (listeners waiting for it stop warming).</summary>
    public Action<string>? Arrived { get; set; }

    public IReadOnlyList<DynamicResource> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _secrets.Values];
            }
        }
    }

    public bool Has(string name)
    {
        lock (_gate)
        {
            return _secrets.ContainsKey(name);
        }
    }

    public void OnUpdate(XdsUpdate update)
    {
        foreach (var resource in update.Resources)
        {
            var secret = (Secret)resource.Message;
            if (secret.TypeCase == Secret.TypeOneofCase.None)
            {
                throw new XdsRejectedException($"secret '{resource.Name}': type: one of tls_certificate, session_ticket_keys, validation_context or generic_secret is required");
            }
        }

        var now = _time.GetUtcNow();
        foreach (var resource in update.Resources)
        {
            lock (_gate)
            {
                _secrets[resource.Name] = new DynamicResource(resource.Name, resource.Version, resource.Message, now);
            }

            Arrived?.Invoke(resource.Name);
        }

        foreach (var name in update.Removed)
        {
            lock (_gate)
            {
                _secrets.Remove(name);
            }
        }
    }
}
