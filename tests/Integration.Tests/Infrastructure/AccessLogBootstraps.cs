namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>Access log YAML whose format ends every entry with a newline, so each request is one line.</summary>
public static class AccessLogBootstraps
{
    /// <summary>
    /// An <c>access_log</c> field (HCM or tcp_proxy) with one envoy.access_loggers.file writing
    /// <paramref name="format"/> plus "\n" to <paramref name="path"/>. Envoy adds no newline to a
    /// text_format_source, so the format carries it (YAML double-quoted "\n").
    /// </summary>
    public static string File(string path, string format) => $$"""
access_log:
- name: envoy.access_loggers.file
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
    path: {{path}}
    log_format: { text_format_source: { inline_string: "{{format}}\n" } }
""";
}
