using System.Net.Sockets;
using System.Runtime.InteropServices;
using Proxy.Bootstrap;
using Proxy.Capture.Iptables;
using Proxy.Cli;
using Proxy.Config;
using Proxy.Filters.AccessLog;
using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.Extensions;
using Proxy.Logging;
using Proxy.Server;
using Proxy.Stats;
using Proxy.Xds;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Proxy;

public static class Program
{
    public static int Main(string[] args)
    {
        // The init container's command (istio-iptables): same binary, its own flags.
        if (args.Length > 0 && args[0] == "iptables")
        {
            return IptablesCommand.Run(args[1..], Console.Out, Console.Error);
        }

        return CommandLineRunner.Run(args, Console.Out, Console.Error, options => options.Mode switch
        {
            ProxyMode.Validate => BootstrapValidation.Run(options, Console.Out, Console.Error, ValidateSemantics),
            _ => Serve(options).GetAwaiter().GetResult(),
        });
    }

    /// <summary>
    /// Listener and cluster translation for --mode validate: the same translators serve mode uses, so a
    /// bootstrap that validates also starts.
    /// </summary>
    internal static IEnumerable<string> ValidateSemantics(BootstrapProto bootstrap)
    {
        var errors = new List<string>();
        using var files = new AccessLogFileManager(TimeProvider.System);
        var stats = new StatsStore();
        var translator = new ConfigTranslator(new AccessLogFactoryContext(files) { TimeProvider = TimeProvider.System }, stats, TimeProvider.System, RuntimeLayers.From(bootstrap));
        var statics = bootstrap.StaticResources;
        for (var i = 0; i < (statics?.Clusters.Count ?? 0); i++)
        {
            try
            {
                ConfigTranslator.TranslateCluster(statics!.Clusters[i]);
            }
            catch (ConfigException e)
            {
                errors.Add($"static_resources.clusters[{i}]: {e.Message}");
            }
        }

        for (var i = 0; i < (statics?.Listeners.Count ?? 0); i++)
        {
            try
            {
                translator.TranslateListener(statics!.Listeners[i]);
            }
            catch (ConfigException e)
            {
                errors.Add($"static_resources.listeners[{i}]: {e.Message}");
            }
        }

        try
        {
            StatsConfigTranslator.Translate(bootstrap.StatsConfig);
        }
        catch (ConfigException e)
        {
            errors.Add(e.Message);
        }

        return errors;
    }

    private static async Task<int> Serve(ProxyOptions options)
    {
        // Request code runs on the socket threads (DESIGN.md, "Scheduling decides CPU"); these are read
        // once, when the first socket is created, so they are set before anything else.
        SetIfUnset("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        if (options.Concurrency > 0)
        {
            SetIfUnset("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var warnings = new List<string>();
        BootstrapProto bootstrap;
        try
        {
            bootstrap = BootstrapValidation.LoadChecked(options, warnings, ValidateSemantics);
        }
        catch (BootstrapException e)
        {
            await Console.Error.WriteLineAsync($"error initializing configuration '{options.ConfigPath}': {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var logs = EnvoyLoggerProvider.Create(options.ToLogSettings());
        if (ApplicationLogFormat.Resolve(bootstrap.ApplicationLogConfig, options.LogFormatSet) is { } format)
        {
            logs.Pattern = LogPattern.Parse(format);
        }

        await using var server = new ProxyServer(options, bootstrap, logs, TimeProvider.System);
        foreach (var warning in warnings)
        {
            Log(server, warning);
        }

        if (options.Mode != ProxyMode.InitOnly)
        {
            // Initialization is done (static config: within Start; xDS: after the first CDS and LDS), and the
            // server is about to report LIVE, the readiness a platform waits for before it sends traffic.
            // The proto descriptors that read the configuration are only needed again for admin JSON output:
            // let them go (they are rebuilt on demand) and collect once, so the idle proxy does not keep them
            // resident; then give back the pages only start-up used (StartupPages). All of it before
            // traffic, so none of it runs under requests.
            server.BeforeLive = () =>
            {
                EnvoyTypeRegistry.Release();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                if (StartupPages.Enabled)
                {
                    server.ReleaseStartupPages();
                }
            };
        }

        try
        {
            server.Start();
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"error initializing configuration '{options.ConfigPath}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"error starting listeners: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        if (options.Mode == ProxyMode.InitOnly)
        {
            return 0;
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            server.Lifecycle.RequestShutdown();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            server.Lifecycle.RequestShutdown();
        });
        return await server.RunAsync().ConfigureAwait(false);
    }

    private static void Log(ProxyServer server, string warning) => Console.Error.WriteLine("warning: " + warning);

    private static void SetIfUnset(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
