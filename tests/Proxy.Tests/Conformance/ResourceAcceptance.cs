using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Tests.Discovery;
using Proxy.Upstream.Config;
using Proxy.Xds.Client;
using Proxy.Xds.Json;

namespace Proxy.Tests.Conformance;

/// <summary>
/// Runs one dumped resource through what the proxy does with it on arrival: the JSON becomes the proto (an
/// Any of a type the proxy's API lacks keeps its type URL, as it would on the wire), then the translation
/// the matching watcher applies before it ACKs. Returns null when accepted, else the rejection message.
/// </summary>
internal static class ResourceAcceptance
{
    private static readonly ProtoJsonReader Reader = new(ignoreUnknownFields: true, keepUnknownAnyTypes: true);

    public static IMessage Parse(DumpedResource resource, ICollection<string>? warnings = null) =>
        resource.Type.Parse(ByteString.CopyFrom(Reader.ToBinary(resource.Json, resource.Type.TypeName, warnings)));

    public static string? Check(DiscoveryFixture f, DumpedResource resource, ICollection<string> warnings)
    {
        IMessage message;
        try
        {
            message = Parse(resource, warnings);
        }
        catch (ProtoJsonException e)
        {
            return $"{e.Path}: {e.Message}";
        }

        try
        {
            switch (message)
            {
                case Listener listener:
                    f.Translator.TranslateListener(listener);
                    break;
                case Cluster cluster:
                    ConfigTranslator.TranslateCluster(cluster);
                    break;
                case RouteConfiguration routes:
                    f.Translator.TranslateRoutes(routes);
                    break;
                case ClusterLoadAssignment assignment:
                    EndpointTranslator.Translate(assignment);
                    break;
                case Secret secret:
                    f.Secrets.OnUpdate(DiscoveryFixture.Delta(XdsResourceType.Secret, "conformance", [secret]));
                    break;
            }
        }
        catch (Exception e) when (e is ConfigException or XdsRejectedException)
        {
            return e.Message;
        }

        return null;
    }
}
