using System.Text.Json.Nodes;
using Google.Protobuf;
using Proxy.Cli;
using Proxy.Xds;
using Proxy.Xds.Json;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Proxy.Bootstrap;

/// <summary>
/// Reads the bootstrap as Envoy does (InstanceUtil::loadBootstrapConfig): <c>-c</c> (binary proto for .pb,
/// YAML for .yaml/.yml, JSON otherwise), then <c>--config-yaml</c> parsed on its own and merged over it with
/// protobuf MergeFrom semantics (scalars replace, messages merge, repeated fields append); either alone is
/// allowed, neither is an error. Then <c>--service-node/--service-cluster/--service-zone</c>, when non-empty,
/// replace node.id, node.cluster and node.locality.zone (Envoy's LocalInfoImpl). Unknown fields fail unless
/// <c>--allow-unknown-static-fields</c>, in which case they are reported as warnings.
/// </summary>
public static class BootstrapLoader
{
    /// <summary>The bootstrap's full proto name (the transcoder and walkers are driven by names, not generated descriptors).</summary>
    public const string TypeName = "envoy.config.bootstrap.v3.Bootstrap";

    /// <summary>How --config-yaml is named in errors.</summary>
    public const string ConfigYamlSource = "--config-yaml";

    /// <exception cref="BootstrapException">Unreadable or invalid configuration; the message has file, path and reason.</exception>
    public static BootstrapProto Load(ProxyOptions options, ICollection<string>? warnings = null)
    {
        if (options.ConfigPath.Length == 0 && options.ConfigYaml.Length == 0)
        {
            throw new BootstrapException(string.Empty, string.Empty, "at least one of --config-path or --config-yaml must be non-empty");
        }

        var reader = new ProtoJsonReader(options.AllowUnknownStaticFields);
        var bootstrap = options.ConfigPath.Length > 0 ? LoadFile(options.ConfigPath, reader, warnings) : new BootstrapProto();
        if (options.ConfigYaml.Length > 0)
        {
            bootstrap.MergeFrom(ParseYaml(options.ConfigYaml, ConfigYamlSource, reader, warnings));
        }

        ApplyNodeOverrides(bootstrap, options);
        return bootstrap;
    }

    /// <summary>The name used for errors found in the merged bootstrap.</summary>
    public static string SourceName(ProxyOptions options) =>
        (options.ConfigPath.Length > 0, options.ConfigYaml.Length > 0) switch
        {
            (true, true) => $"{options.ConfigPath} + {ConfigYamlSource}",
            (true, false) => options.ConfigPath,
            _ => ConfigYamlSource,
        };

    /// <summary>Reads one bootstrap file, choosing the format by extension as Envoy's MessageUtil::loadFromFile does.</summary>
    public static BootstrapProto LoadFile(string path, ProtoJsonReader reader, ICollection<string>? warnings = null)
    {
        if (path.EndsWith(".pb", StringComparison.Ordinal))
        {
            try
            {
                return BootstrapProto.Parser.ParseFrom(ReadBytes(path));
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new BootstrapException(path, string.Empty, $"invalid binary proto: {e.Message}", e);
            }
        }

        if (path.EndsWith(".pb_text", StringComparison.Ordinal))
        {
            throw new BootstrapException(path, string.Empty, "text-format proto (.pb_text) is not supported; use JSON, YAML or binary proto (.pb)");
        }

        var text = ReadText(path);
        return path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? ParseYaml(text, path, reader, warnings)
            : ParseJson(text, path, reader, warnings);
    }

    public static BootstrapProto ParseJson(string json, string source, ProtoJsonReader reader, ICollection<string>? warnings = null)
    {
        try
        {
            return ToBootstrap(ProtoJsonReader.ParseText(json), source, reader, warnings);
        }
        catch (ProtoJsonException e)
        {
            throw new BootstrapException(source, e.Path, e.Reason, e);
        }
    }

    public static BootstrapProto ParseYaml(string yaml, string source, ProtoJsonReader reader, ICollection<string>? warnings = null)
    {
        try
        {
            return ToBootstrap(YamlToJson.Convert(yaml), source, reader, warnings);
        }
        catch (ProtoJsonException e)
        {
            throw new BootstrapException(source, e.Path, e.Reason, e);
        }
    }

    private static BootstrapProto ToBootstrap(JsonNode? json, string source, ProtoJsonReader reader, ICollection<string>? warnings)
    {
        var local = warnings is null ? null : new List<string>();
        var bootstrap = reader.Parse(json, BootstrapProto.Parser, TypeName, local);
        if (local is not null)
        {
            foreach (var warning in local)
            {
                warnings!.Add($"{source}: {warning}");
            }
        }

        return bootstrap;
    }

    private static void ApplyNodeOverrides(BootstrapProto bootstrap, ProxyOptions options)
    {
        if (options.ServiceNode.Length > 0)
        {
            (bootstrap.Node ??= new()).Id = options.ServiceNode;
        }

        if (options.ServiceCluster.Length > 0)
        {
            (bootstrap.Node ??= new()).Cluster = options.ServiceCluster;
        }

        if (options.ServiceZone.Length > 0)
        {
            ((bootstrap.Node ??= new()).Locality ??= new()).Zone = options.ServiceZone;
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootstrapException(path, string.Empty, $"unable to read file: {e.Message}", e);
        }
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootstrapException(path, string.Empty, $"unable to read file: {e.Message}", e);
        }
    }
}
