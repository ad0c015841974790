using YamlDotNet.RepresentationModel;

namespace Proxy.Integration.Tests.Docker;

/// <summary>
/// What the images and the Kubernetes examples in docker/ say to run: a stage's ENTRYPOINT from docker/Dockerfile
/// and a container's args from a pod manifest, so tests run exactly those commands.
/// </summary>
public static class ImageManifest
{
    /// <summary>The ENTRYPOINT (exec form) of a stage of docker/Dockerfile, e.g. ["/usr/local/bin/proxy", "iptables"].</summary>
    public static string[] Entrypoint(string dockerfile, string stage)
    {
        var inStage = false;
        foreach (var raw in File.ReadLines(dockerfile))
        {
            var line = raw.Trim();
            if (line.StartsWith("FROM ", StringComparison.Ordinal))
            {
                inStage = line.EndsWith(" AS " + stage, StringComparison.Ordinal);
            }
            else if (inStage && line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))
            {
                return System.Text.Json.JsonSerializer.Deserialize<string[]>(line["ENTRYPOINT ".Length..])!;
            }
        }

        throw new InvalidOperationException($"{dockerfile}: stage '{stage}' has no ENTRYPOINT");
    }

    /// <summary>The args of the named (init) container of the first Pod in a manifest.</summary>
    public static string[] ContainerArgs(string manifest, string containerName)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(manifest))
        {
            yaml.Load(reader);
        }

        var spec = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"];
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (!spec.Children.TryGetValue(list, out var containers))
            {
                continue;
            }

            foreach (var container in ((YamlSequenceNode)containers).Cast<YamlMappingNode>())
            {
                if (((YamlScalarNode)container["name"]).Value == containerName)
                {
                    return ((YamlSequenceNode)container["args"]).Select(a => ((YamlScalarNode)a).Value ?? "").ToArray();
                }
            }
        }

        throw new InvalidOperationException($"{manifest}: no container '{containerName}'");
    }
}
