using System.Net;
using System.Text;
using Envoy.Admin.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Cli;
using Proxy.Server;
using Proxy.Stats;

namespace Proxy.Admin;

/// <summary>The admin endpoints Envoy users and tools call, bound to a running server.</summary>
internal static class AdminEndpoints
{
    public static void Register(ProxyServer server)
    {
        var admin = server.Admin;
        var lifecycle = server.Lifecycle;
        admin.Add(new("/ready", "print server state, return 200 if LIVE, otherwise return 503", false, _ =>
        {
            var state = ReportedState(lifecycle);
            return ValueTask.FromResult(state == ServerState.Live ? AdminResponse.Ok("LIVE\n") : new AdminResponse(503, StateName(state) + "\n"));
        }));
        admin.Add(new("/server_info", "print server version/status information", false, _ => ValueTask.FromResult(ServerInfo(server))));
        admin.Add(new("/quitquitquit", "exit the server", true, _ =>
        {
            lifecycle.RequestShutdown();
            return ValueTask.FromResult(AdminResponse.Ok());
        }));
        admin.Add(new("/healthcheck/fail", "cause the server to fail health checks", true, _ =>
        {
            lifecycle.SetHealthCheckFailed(true);
            return ValueTask.FromResult(AdminResponse.Ok());
        }));
        admin.Add(new("/healthcheck/ok", "cause the server to pass health checks", true, _ =>
        {
            lifecycle.SetHealthCheckFailed(false);
            return ValueTask.FromResult(AdminResponse.Ok());
        }));
        admin.Add(new("/drain_listeners", "drain listeners (?inboundonly, ?graceful)", true, request =>
        {
            _ = server.DrainListenersAsync(request.Has("inboundonly"), request.Has("graceful"));
            return ValueTask.FromResult(AdminResponse.Ok());
        }));
        admin.Add(new("/listeners", "print listener info (?format=json)", false, request => ValueTask.FromResult(Listeners(server, request))));
        admin.Add(new("/clusters", "upstream cluster status (?format=json)", false, request => ValueTask.FromResult(ClustersEndpoint.Handle(request, server.Clusters))));
        admin.Add(new("/config_dump", "dump current Envoy configs (?resource=, ?mask=, ?name_regex=, ?include_eds)", false,
            request => ValueTask.FromResult(ConfigDumpEndpoint.Handle(request, server.Bootstrap, server.Lifecycle.StartTime, server.Dynamic, server.Routes))));
        admin.Add(new("/stats", "print server stats (?filter=, ?usedonly, ?format=json, ?type=)", false, request => ValueTask.FromResult(Stats(server, request))));
        admin.Add(new("/stats/prometheus", "print server stats in prometheus format (?usedonly, ?filter=)", false, request => ValueTask.FromResult(Stats(server, request))));
        admin.Add(new("/memory", "print current allocation/heap usage", false, _ => ValueTask.FromResult(Memory())));
        admin.Add(new("/runtime", "print runtime values", false, _ => ValueTask.FromResult(RuntimeEndpoint.Handle(server.Runtime))));
        admin.Add(new("/certs", "print certs on machine", false, _ => ValueTask.FromResult(AdminResponse.Json("{\n \"certificates\": []\n}\n"))));
        // Envoy registers /logging as state-changing: POST only, also to list the levels.
        admin.Add(new("/logging", "query/change logging levels (?level=, ?paths=, ?<component>=<level>)", true, request => ValueTask.FromResult(Logging(server, request))));
        admin.Add(new("/reopen_logs", "reopen access logs", true, _ =>
        {
            server.AccessLogFiles.ReopenAll();
            return ValueTask.FromResult(AdminResponse.Ok());
        }));
    }

    private static string StateName(ServerState state) => state switch
    {
        ServerState.Live => "LIVE",
        ServerState.Draining => "DRAINING",
        ServerState.PreInitializing => "PRE_INITIALIZING",
        _ => "INITIALIZING",
    };

    /// <summary>
    /// The state /ready and /server_info report: DRAINING while health checks are failed, as Envoy's
    /// Utility::serverState(init state, healthCheckFailed) does.
    /// </summary>
    private static ServerState ReportedState(ServerLifecycle lifecycle) =>
        lifecycle.State == ServerState.Live && lifecycle.HealthCheckFailed ? ServerState.Draining : lifecycle.State;

    private static AdminResponse ServerInfo(ProxyServer server)
    {
        var uptime = Duration.FromTimeSpan(server.Lifecycle.Time.GetElapsedTime(server.Lifecycle.StartTimestamp));
        var options = server.Options;
        var info = new ServerInfo
        {
            Version = VersionInfo.Version,
            State = ReportedState(server.Lifecycle) switch
            {
                ServerState.Live => Envoy.Admin.V3.ServerInfo.Types.State.Live,
                ServerState.Draining => Envoy.Admin.V3.ServerInfo.Types.State.Draining,
                ServerState.PreInitializing => Envoy.Admin.V3.ServerInfo.Types.State.PreInitializing,
                _ => Envoy.Admin.V3.ServerInfo.Types.State.Initializing,
            },
            HotRestartVersion = "disabled",
            UptimeCurrentEpoch = uptime,
            UptimeAllEpochs = uptime,
            Node = server.Bootstrap.Node,
            CommandLineOptions = new CommandLineOptions
            {
                BaseId = options.BaseId,
                Concurrency = options.Concurrency,
                ConfigPath = options.ConfigPath,
                ConfigYaml = options.ConfigYaml,
                AllowUnknownStaticFields = options.AllowUnknownStaticFields,
                LogLevel = Proxy.Logging.LogLevelNames.Name(server.Logs.Levels.Get("main")),
                ComponentLogLevel = options.ComponentLogLevelText,
                LogFormat = options.LogFormat,
                LogPath = options.LogPath,
                ServiceCluster = options.ServiceCluster,
                ServiceNode = options.ServiceNode,
                ServiceZone = options.ServiceZone,
                Mode = CommandLineOptions.Types.Mode.Serve,
                DisableHotRestart = options.DisableHotRestart,
                RestartEpoch = options.RestartEpoch,
                DrainTime = Duration.FromTimeSpan(options.DrainTime),
                ParentShutdownTime = Duration.FromTimeSpan(options.ParentShutdownTime),
                FileFlushInterval = Duration.FromTimeSpan(options.FileFlushInterval),
            },
        };
        // Envoy prints server_info with always_print_primitive_fields, so "state": "LIVE" (enum 0, omitted
        // by proto3 JSON) shows; state is the only such field tools read.
        var json = System.Text.Json.Nodes.JsonNode.Parse(ConfigDumpFormatter.Format(info, ConfigDumpFormatter.ServerInfoType))!.AsObject();
        if (!json.ContainsKey("state"))
        {
            json.Insert(json.ContainsKey("version") ? 1 : 0, "state", "LIVE");
        }

        return AdminResponse.Json(json.ToJsonString());
    }

    /// <summary>
    /// Envoy's /memory: admin.v3.Memory as JSON with every field printed (uint64 as strings), in the terms
    /// of <see cref="MemorySnapshot"/>; the tcmalloc-only figures (unmapped pages, thread caches) are 0.
    /// </summary>
    private static AdminResponse Memory()
    {
        var memory = MemorySnapshot.Take();
        var message = new Envoy.Admin.V3.Memory
        {
            Allocated = (ulong)memory.Allocated,
            HeapSize = (ulong)memory.HeapSize,
            PageheapUnmapped = 0,
            PageheapFree = (ulong)memory.HeapFree,
            TotalThreadCache = 0,
            TotalPhysicalBytes = (ulong)memory.Physical,
        };
        var formatter = new Google.Protobuf.JsonFormatter(Google.Protobuf.JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));
        return AdminResponse.Json(formatter.Format(message) + "\n");
    }

    private static AdminResponse Listeners(ProxyServer server, AdminRequest request)
    {
        var json = request.Get("format") == "json";
        var statuses = new Envoy.Admin.V3.Listeners();
        var text = new StringBuilder();
        foreach (var listener in server.Listeners)
        {
            if (listener.Config.Name == "admin")
            {
                continue;
            }

            var address = listener.BoundEndPoint ?? listener.Config.Address;
            text.Append(listener.Config.Name).Append("::").Append(address).Append('\n');
            var status = new ListenerStatus { Name = listener.Config.Name };
            if (address is IPEndPoint ip)
            {
                status.LocalAddress = new Envoy.Config.Core.V3.Address
                {
                    SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = ip.Address.ToString(), PortValue = (uint)ip.Port },
                };
            }

            statuses.ListenerStatuses.Add(status);
        }

        return json ? AdminResponse.Json(ConfigDumpFormatter.Format(statuses, ConfigDumpFormatter.ListenersType)) : AdminResponse.Ok(text.ToString());
    }

    private static AdminResponse Stats(ProxyServer server, AdminRequest request)
    {
        server.ServerStats.Refresh();
        var target = request.Path + QueryString(request);
        using var writer = new StringWriter();
        var (status, contentType) = StatsEndpoints.Handle(server.Stats, target, writer);
        return new AdminResponse(status, writer.ToString(), contentType);
    }

    private static string QueryString(AdminRequest request)
    {
        if (request.Query.Count == 0)
        {
            return "";
        }

        var b = new StringBuilder("?");
        foreach (var pair in request.Query)
        {
            if (b.Length > 1)
            {
                b.Append('&');
            }

            b.Append(Uri.EscapeDataString(pair.Key));
            if (pair.Value.Count > 0 && pair.Value[0]!.Length > 0)
            {
                b.Append('=').Append(Uri.EscapeDataString(pair.Value.ToString()));
            }
        }

        return b.ToString();
    }

    private static AdminResponse Logging(ProxyServer server, AdminRequest request)
    {
        var levels = server.Logs.Levels;
        if (request.Query.Count == 0)
        {
            return AdminResponse.Ok(levels.Render());
        }

        if (request.Get("paths") is { } paths)
        {
            return levels.TryApplyPaths(paths, out var error) ? AdminResponse.Ok(levels.Render()) : new AdminResponse(400, error + "\n");
        }

        if (request.Get("level") is { } level)
        {
            return levels.SetAll(level) ? AdminResponse.Ok(levels.Render()) : new AdminResponse(400, "error: unknown logger level\n");
        }

        foreach (var pair in request.Query)
        {
            if (!levels.Set(pair.Key, pair.Value.ToString()))
            {
                return new AdminResponse(400, "error: unknown logger name or level\n");
            }
        }

        return AdminResponse.Ok(levels.Render());
    }
}
