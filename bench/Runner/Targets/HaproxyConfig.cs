using System.Globalization;
using Bench.Runner.Model;

namespace Bench.Runner.Targets;

/// <summary>
/// haproxy as the proxy under test: nbthread = --concurrency, no logging, keep-alive both sides and
/// "http-reuse always" so idle upstream connections are shared across clients as Envoy's pool does.
/// </summary>
public static class HaproxyConfig
{
    public static string Build(Scenario scenario, int port, int upstreamPort, int threads)
    {
        var mode = scenario == Scenario.Tcp ? "tcp" : "http";
        var bind = scenario == Scenario.H2c ? $"127.0.0.1:{port} proto h2" : $"127.0.0.1:{port}";
        var httpOnly = scenario == Scenario.Tcp ? "" : """
  option http-keep-alive
  http-reuse always
""";
        return $"""
global
  nbthread {threads.ToString(CultureInfo.InvariantCulture)}
  # haproxy raises the fd limit to about 2 x maxconn; 4096 stays under common ulimits (20000 here).
  maxconn 4096
  tune.h2.max-concurrent-streams 100

defaults
  mode {mode}
  timeout connect 1s
  timeout client 300s
  timeout server 300s
{httpOnly}
frontend bench
  bind {bind}
  default_backend upstream

backend upstream
  server u1 127.0.0.1:{upstreamPort.ToString(CultureInfo.InvariantCulture)}

""";
    }
}
