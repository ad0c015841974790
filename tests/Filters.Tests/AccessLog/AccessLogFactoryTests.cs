using System.Text;
using System.Text.Json;
using Envoy.Extensions.AccessLoggers.File.V3;
using Envoy.Extensions.AccessLoggers.Stream.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Proxy.Filters.AccessLog;
using Proxy.Filters.AccessLog.Files;
using Proxy.Filters.Extensions;
using Proxy.Filters.Formatting;
using Proxy.Filters.StreamInfo;
using Proxy.Filters.Tests.Support;
using ProtoAccessLog = Envoy.Config.Accesslog.V3.AccessLog;

namespace Proxy.Filters.Tests.AccessLog;

public sealed class AccessLogFactoryTests : IDisposable
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(FileAccessLog.Descriptor, StdoutAccessLog.Descriptor, StderrAccessLog.Descriptor, Google.Protobuf.WellKnownTypes.Empty.Descriptor)));

    private readonly string _dir = Directory.CreateTempSubdirectory("accesslog-").FullName;
    private readonly ManualTimeProvider _clock = new();
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly AccessLogFileManager _files;
    private readonly AccessLogFactoryContext _context;

    public AccessLogFactoryTests()
    {
        _files = new AccessLogFileManager(_clock, TimeSpan.FromSeconds(1), stdout: _stdout, stderr: _stderr);
        _context = new AccessLogFactoryContext(_files) { Random = new Random(1) };
    }

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void FileAccessLogWritesItsFormatToItsPath()
    {
        var path = Path.Combine(_dir, "a.log");
        var logger = Create($$$"""
            {"name": "envoy.access_loggers.file", "typed_config": {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
              "path": "{{{path}}}",
              "log_format": {"text_format_source": {"inline_string": "%REQ(:METHOD)% %RESPONSE_CODE% %ACCESS_LOG_TYPE%\n"} } } }
            """);

        logger.Log(Sample.Info(), Sample.Http(), AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("POST 204 DownstreamEnd\n", File.ReadAllText(path));
    }

    [Fact]
    public void FileAccessLogWithoutFormatUsesEnvoysDefault()
    {
        var path = Path.Combine(_dir, "default.log");
        var logger = Create($$$"""
            {"name": "envoy.access_loggers.file", "typed_config": {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", "path": "{{{path}}}"}}
            """);
        var emptyFormat = Create($$$"""
            {"name": "envoy.access_loggers.file", "typed_config": {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", "path": "{{{path}}}", "format": ""}}
            """);

        logger.Log(Sample.Info(), Sample.Http(), AccessLogType.DownstreamEnd);
        emptyFormat.Log(Sample.Info(), Sample.Http(), AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var expected = DefaultLine(Sample.Info(), Sample.Http());
        Assert.Equal(expected + expected, File.ReadAllText(path));
        Assert.StartsWith("[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyFormatFieldsAreHonoured()
    {
        var path = Path.Combine(_dir, "legacy.log");
        string Config(string format) => $$$"""
            {"name": "envoy.access_loggers.file", "typed_config": {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", "path": "{{{path}}}", {{{format}}}}}
            """;

        Create(Config("\"format\": \"%RESPONSE_CODE%\\n\"")).Log(Sample.Info(), null, AccessLogType.DownstreamEnd);
        Create(Config("\"json_format\": {\"code\": \"%RESPONSE_CODE%\"}")).Log(Sample.Info(), null, AccessLogType.DownstreamEnd);
        Create(Config("\"typed_json_format\": {\"code\": \"%RESPONSE_CODE%\"}")).Log(Sample.Info(), null, AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("204\n{\"code\":\"204\"}\n{\"code\":204}\n", File.ReadAllText(path));
    }

    [Fact]
    public void StdoutAndStderrLoggersWriteToTheStandardStreams()
    {
        Create("""
            {"name": "envoy.access_loggers.stdout", "typed_config": {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
              "log_format": {"json_format": {"code": "%RESPONSE_CODE%"}}}}
            """).Log(Sample.Info(), null, AccessLogType.DownstreamEnd);
        Create("""
            {"name": "envoy.access_loggers.stderr", "typed_config": {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StderrAccessLog"}}
            """).Log(Sample.Info(), Sample.Http(), AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("{\"code\":204}\n", Encoding.UTF8.GetString(_stdout.ToArray()));
        Assert.Equal(DefaultLine(Sample.Info(), Sample.Http()), Encoding.UTF8.GetString(_stderr.ToArray()));
    }

    [Fact]
    public void ALoggerWithoutTypedConfigIsFoundByName()
    {
        Create("""{"name": "envoy.access_loggers.stdout"}""").Log(Sample.Info(), Sample.Http(), AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.StartsWith("[2016-04-15T20:17:00.310Z]", Encoding.UTF8.GetString(_stdout.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void TheFilterDecidesWhatIsLogged()
    {
        var logger = Create("""
            {"name": "envoy.access_loggers.stdout", "filter": {"response_flag_filter": {"flags": ["NR"]}},
             "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
               "log_format": {"text_format_source": {"inline_string": "%RESPONSE_CODE% %RESPONSE_FLAGS%\n"}}}}
            """);
        var routed = Sample.Info();
        var unrouted = Sample.Info();
        unrouted.ResponseCode = 404;
        unrouted.SetResponseFlag(ResponseFlags.NoRouteFound);

        logger.Log(routed, Sample.Http(), AccessLogType.DownstreamEnd);
        logger.Log(unrouted, Sample.Http(), AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("404 NR\n", Encoding.UTF8.GetString(_stdout.ToArray()));
    }

    [Fact]
    public void LongLinesAndNonAsciiAreWrittenAsUtf8()
    {
        var http = Sample.Http();
        var agent = new string('é', 3000);
        http.Request.Headers["user-agent"] = agent;

        Create("""
            {"name": "x", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
              "log_format": {"text_format_source": {"inline_string": "%REQ(USER-AGENT)%|"}}}}
            """).Log(Sample.Info(), http, AccessLogType.DownstreamEnd);
        Create("""
            {"name": "x", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
              "log_format": {"text_format_source": {"inline_string": "ü\n"}}}}
            """).Log(Sample.Info(), http, AccessLogType.DownstreamEnd);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(agent + "|ü\n", Encoding.UTF8.GetString(_stdout.ToArray()));
    }

    [Theory]
    [InlineData("""{"name": "envoy.access_loggers.open_telemetry", "typed_config": {"@type": "type.googleapis.com/google.protobuf.Empty", "value": {}}}""",
        "access_log[0]: unsupported access logger 'envoy.access_loggers.open_telemetry' (type.googleapis.com/google.protobuf.Empty)")]
    [InlineData("""{"name": "my.logger"}""", "access_log[0]: unsupported access logger 'my.logger' (no typed_config)")]
    [InlineData("""{"name": "f", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog"}}""",
        "access_log[0]: typed_config: path: value length must be at least 1 characters")]
    [InlineData("""{"name": "f", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", "path": "/dev/stdout", "format": "%NOPE%"}}""",
        "access_log[0]: typed_config: format: Not supported field in StreamInfo: NOPE")]
    [InlineData("""{"name": "s", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog", "log_format": {"json_format": {"a": "%NOPE%"}}}}""",
        "access_log[0]: typed_config: log_format: json_format: a: Not supported field in StreamInfo: NOPE")]
    [InlineData("""{"name": "s", "filter": {"status_code_filter": {}}, "typed_config": {"@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog"}}""",
        "access_log[0]: filter: status_code_filter.comparison: value is required")]
    public void InvalidLoggersAreRefusedNamingTheField(string json, string message)
    {
        var proto = ParseAccessLog(json);

        var e = Assert.Throws<ConfigException>(() => AccessLogFactory.CreateAll([proto], _context));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void IstioSidecarAccessLogsFromRealConfigDumpsBuildAndPrintIstiosLine()
    {
        var configs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dump in new[] { "sidecar_2022_listeners_istioctl.json", "sidecar_1.10_details_full.json", "sidecar_2023_listeners_hbone.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Conformance.PathOf(Path.Combine("istio", "config_dumps", dump))));
            CollectAccessLogs(doc.RootElement, configs);
        }

        Assert.True(configs.Count >= 3, $"expected several distinct access_log configs, found {configs.Count}");
        var loggers = AccessLogFactory.CreateAll(configs.Select(ParseAccessLog), _context);
        var unrouted = Sample.Info();
        unrouted.SetResponseFlag(ResponseFlags.NoRouteFound);
        foreach (var logger in loggers)
        {
            logger.Log(Sample.Info(), Sample.Http(), AccessLogType.DownstreamEnd);
            logger.Log(unrouted, Sample.Http(), AccessLogType.DownstreamEnd);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));

        var lines = Encoding.UTF8.GetString(_stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        const string Routed =
            "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - via_upstream - \"-\" 154 0 226 100 \"10.0.35.28\" \"nsq2http\" " +
            "\"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"10.0.2.1:80\" outbound|80||locations.default.svc.cluster.local " +
            "10.0.1.5:40312 10.0.1.5:8080 10.0.35.28:51234 locations.default.svc default";
        Assert.Contains(Routed, lines);
        Assert.Contains(Routed.Replace("204 - via_upstream", "204 NR via_upstream", StringComparison.Ordinal), lines);
        Assert.All(lines, line => Assert.StartsWith("[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 ", line, StringComparison.Ordinal));
    }

    private static void CollectAccessLogs(JsonElement element, HashSet<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "access_log" or "accessLog" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var entry in property.Value.EnumerateArray())
                        {
                            into.Add(entry.GetRawText());
                        }
                    }
                    else
                    {
                        CollectAccessLogs(property.Value, into);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectAccessLogs(item, into);
                }

                break;
        }
    }

    private string DefaultLine(StreamInfo.StreamInfo info, Microsoft.AspNetCore.Http.HttpContext http) =>
        LogFormat.Default(_context.FormatterOptions).Formatter.Format(info, http);

    private static ProtoAccessLog ParseAccessLog(string json) => Json.Parse<ProtoAccessLog>(json);

    private IAccessLogger Create(string json) => AccessLogFactory.Create(ParseAccessLog(json), _context);
}
