using Bench.Runner.Model;

namespace Bench.Runner.Targets;

/// <summary>
/// nginx configs: as the reverse proxy under test (worker_processes = --concurrency, an upstream
/// keep-alive pool, access log off, no request limit per connection either side, as Envoy has none), and
/// as the shared upstream serving the payload files.
/// </summary>
public static class NginxConfig
{
    public const string StreamModule = "/usr/lib/nginx/modules/ngx_stream_module.so";

    public static string Proxy(string dir, Scenario scenario, int port, int upstreamPort, int workers)
    {
        if (scenario == Scenario.Tcp)
        {
            return $$"""
load_module {{StreamModule}};
{{Head(dir, workers)}}
stream {
  upstream upstream { server 127.0.0.1:{{upstreamPort}}; }
  server {
    listen 127.0.0.1:{{port}};
    proxy_pass upstream;
  }
}
""";
        }

        // nginx 1.22 speaks h2c (prior knowledge only) on a listener marked http2; keepalive_requests
        // also bounds HTTP/2 streams per connection (http2_max_requests is obsolete).
        var listen = scenario == Scenario.H2c ? $"127.0.0.1:{port} http2" : $"127.0.0.1:{port}";
        return $$"""
{{Head(dir, workers)}}
http {
{{HttpCommon(dir)}}
  upstream upstream {
    server 127.0.0.1:{{upstreamPort}};
    keepalive 256;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
  }
  server {
    listen {{listen}};
    location / {
      proxy_pass http://upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # Stream large bodies through memory buffers instead of spilling to temp files.
      proxy_max_temp_file_size 0;
    }
  }
}
""";
    }

    public static string Upstream(string dir, string www, int http1Port, int h2cPort, int workers) => $$"""
{{Head(dir, workers)}}
http {
{{HttpCommon(dir)}}
  sendfile on;
  open_file_cache max=16 inactive=600s;
  open_file_cache_valid 600s;
  etag off;
  server {
    listen 127.0.0.1:{{http1Port}};
    root {{www}};
  }
  server {
    listen 127.0.0.1:{{h2cPort}} http2;
    root {{www}};
    # With sendfile, nginx 1.22's HTTP/2 responses wait ~40 ms for delayed ACKs (measured: p50 44 ms
    # against 0.6 ms without).
    sendfile off;
  }
}
""";

    private static string Head(string dir, int workers) => $$"""
worker_processes {{workers}};
daemon off;
master_process on;
pid {{dir}}/nginx.pid;
error_log stderr warn;
events {
  worker_connections 8192;
}
""";

    private static string HttpCommon(string dir) => $$"""
  access_log off;
  default_type application/octet-stream;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  client_body_temp_path {{dir}}/client_body;
  proxy_temp_path {{dir}}/proxy;
  fastcgi_temp_path {{dir}}/fastcgi;
  uwsgi_temp_path {{dir}}/uwsgi;
  scgi_temp_path {{dir}}/scgi;
""";
}
