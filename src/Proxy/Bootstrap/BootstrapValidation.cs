using Proxy.Cli;
using Proxy.Filters.Extensions;
using Proxy.Logging;
using Proxy.Xds;
using Proxy.Xds.Json;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Proxy.Bootstrap;

/// <summary>
/// <c>--mode validate</c>: load the bootstrap, check every typed_config against the
/// <see cref="ExtensionCatalog"/>, check application_log_config, run the semantic validators the core plugs in
/// (listener/cluster translation), then print Envoy's <c>configuration '&lt;path&gt;' OK</c> and exit 0, or the
/// error (with its JSON path) on stderr and exit 1.
/// </summary>
public static class BootstrapValidation
{
    public static int Run(
        ProxyOptions options,
        TextWriter? stdout = null,
        TextWriter? stderr = null,
        Func<BootstrapProto, IEnumerable<string>>? semanticValidators = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var warnings = new List<string>();
        try
        {
            LoadChecked(options, warnings, semanticValidators);
        }
        catch (BootstrapException e)
        {
            stderr.WriteLine($"error initializing configuration '{options.ConfigPath}': {e.Message}");
            return 1;
        }

        foreach (var warning in warnings)
        {
            stderr.WriteLine($"warning: {warning}");
        }

        stdout.WriteLine($"configuration '{options.ConfigPath}' OK");
        return 0;
    }

    /// <summary>
    /// Everything validate checks, for serve mode too: the loaded bootstrap, or a <see cref="BootstrapException"/>.
    /// Unknown-field warnings and accepted-but-ignored extension notes are added to <paramref name="warnings"/>.
    /// </summary>
    public static BootstrapProto LoadChecked(
        ProxyOptions options,
        ICollection<string> warnings,
        Func<BootstrapProto, IEnumerable<string>>? semanticValidators = null)
    {
        var bootstrap = BootstrapLoader.Load(options, warnings);
        var source = BootstrapLoader.SourceName(options);
        try
        {
            var reader = new ProtoJsonReader(options.AllowUnknownStaticFields);
            var unknownFields = new List<string>();
            var notes = ExtensionCatalog.Check(bootstrap, BootstrapLoader.TypeName, reader, unknownFields);
            foreach (var line in unknownFields.Concat(notes))
            {
                // Loading already transcoded TypedStructs of JSON/YAML and reported their unknown fields.
                var warning = $"{source}: {line}";
                if (!warnings.Contains(warning))
                {
                    warnings.Add(warning);
                }
            }

            ApplicationLogFormat.Resolve(bootstrap.ApplicationLogConfig, options.LogFormatSet);
        }
        catch (ProtoJsonException e)
        {
            throw new BootstrapException(source, e.Path, e.Reason, e);
        }
        catch (ConfigException e)
        {
            throw new BootstrapException(source, string.Empty, e.Message, e);
        }

        if (semanticValidators is not null)
        {
            var errors = semanticValidators(bootstrap).ToList();
            if (errors.Count > 0)
            {
                throw new BootstrapException(source, string.Empty, string.Join("; ", errors));
            }
        }

        return bootstrap;
    }
}
