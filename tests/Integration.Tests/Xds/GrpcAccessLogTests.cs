using System.Buffers.Binary;
using Envoy.Service.Accesslog.V3;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Xds;

/// <summary>
/// envoy.access_loggers.http_grpc and tcp_grpc as go-control-plane's harness and Istio configure them, delivered
/// to a real gRPC access log service (python grpcio).
/// </summary>
public sealed class GrpcAccessLogTests
{
    [Fact]
    public async Task Http_and_tcp_entries_stream_to_the_access_log_service_with_the_identifier_first()
    {
        var alsPort = FreePort.Get();
        var output = Path.Combine(Path.GetTempPath(), $"als-{Guid.NewGuid():N}.bin");
        await using var als = await Python.StartAsync("als_server.py", "READY", alsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), output);
        await using var upstream = await TestUpstream.StartAsync("one");
        await using var echo = TcpEchoServer.Start();
        var httpPort = FreePort.Get();
        var tcpPort = FreePort.Get();
        var accessLog = """
access_log:
- name: envoy.access_loggers.http_grpc
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig
    common_config:
      log_name: mesh-http
      transport_api_version: V3
      buffer_flush_interval: 0.1s
      grpc_service: { envoy_grpc: { cluster_name: als } }
    additional_request_headers_to_log: [x-test]
""";
        var tcp = """
- name: tcp
  address: { socket_address: { address: 127.0.0.1, port_value: TCP_PORT } }
  filter_chains:
  - filters:
    - name: envoy.filters.network.tcp_proxy
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
        stat_prefix: tcp
        cluster: echo
        access_log:
        - name: envoy.access_loggers.tcp_grpc
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.access_loggers.grpc.v3.TcpGrpcAccessLogConfig
            common_config:
              log_name: mesh-tcp
              transport_api_version: V3
              buffer_flush_interval: 0.1s
              grpc_service: { envoy_grpc: { cluster_name: als } }
""".Replace("TCP_PORT", tcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var routes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: "/" }
    route: { cluster: web }
""";
        var clusters = Bootstraps.StaticCluster("web", ports: upstream.Port) + "\n"
            + Bootstraps.StaticCluster("echo", ports: echo.Port) + "\n"
            + Bootstraps.StaticCluster("als", http2: true, ports: alsPort);
        var bootstrap = "node: { id: als-node, cluster: als-test }\n"
            + Bootstraps.Server(Bootstraps.HttpListener("http", httpPort, routes, accessLog) + "\n" + tcp, clusters);
        await using var proxy = await ProxyProcess.StartAsync(bootstrap);

        var response = await Curl.GetAsync($"http://127.0.0.1:{httpPort}/logged?q=1", "-H", "x-test: yes");
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, tcpPort);
            var stream = client.GetStream();
            await stream.WriteAsync("ping"u8.ToArray());
            var buffer = new byte[4];
            await stream.ReadExactlyAsync(buffer);
        }

        var messages = await Eventually.UntilAsync(() => Task.FromResult(Read(output)), m => m.Any(x => x.TcpLogs is not null) && m.Any(x => x.HttpLogs is not null), "both entries received");

        Assert.Equal(200, response.Status);
        var http = messages.First(m => m.HttpLogs is not null);
        var tcpMessage = messages.First(m => m.TcpLogs is not null);
        Assert.Equal("mesh-http", http.Identifier.LogName);
        Assert.Equal("als-node", http.Identifier.Node.Id);
        Assert.Equal("mesh-tcp", tcpMessage.Identifier.LogName);
        var entry = http.HttpLogs.LogEntry[0];
        Assert.Equal(200u, entry.Response.ResponseCode);
        Assert.Equal(Envoy.Config.Core.V3.RequestMethod.Get, entry.Request.RequestMethod);
        Assert.Equal("/logged?q=1", entry.Request.Path);
        Assert.Equal("yes", entry.Request.RequestHeaders["x-test"]);
        Assert.Equal("web", entry.CommonProperties.UpstreamCluster);
        Assert.Equal("127.0.0.1", entry.CommonProperties.DownstreamRemoteAddress.SocketAddress.Address);
        Assert.Equal("echo", tcpMessage.TcpLogs.LogEntry[0].CommonProperties.UpstreamCluster);
        File.Delete(output);
    }

    private static List<StreamAccessLogsMessage> Read(string path)
    {
        var messages = new List<StreamAccessLogsMessage>();
        if (!File.Exists(path))
        {
            return messages;
        }

        var bytes = File.ReadAllBytes(path);
        for (var offset = 0; offset + 4 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            if (offset + 4 + length > bytes.Length)
            {
                break;
            }

            messages.Add(StreamAccessLogsMessage.Parser.ParseFrom(bytes.AsSpan(offset + 4, length)));
            offset += 4 + length;
        }

        return messages;
    }
}
