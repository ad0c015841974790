using Envoy.Service.Discovery.V3;
using Proxy.Bootstrap;
using Proxy.Xds.Json;

namespace Proxy.Discovery;

/// <summary>
/// Reads a file-based xDS source (path_config_source): a DiscoveryResponse in YAML or JSON, usually just
/// <c>resources:</c> with <c>"@type"</c> on each, as in Envoy's dynamic-config-fs example. YAML unless the
/// name ends in .json, as Envoy decides by extension.
/// </summary>
internal static class XdsFile
{
    private const string TypeName = "envoy.service.discovery.v3.DiscoveryResponse";

    public static DiscoveryResponse Read(string path)
    {
        var text = File.ReadAllText(path);
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ProtoJsonReader.ParseText(text) : YamlToJson.Convert(text);
        return new ProtoJsonReader().Parse(json, DiscoveryResponse.Parser, TypeName);
    }
}
