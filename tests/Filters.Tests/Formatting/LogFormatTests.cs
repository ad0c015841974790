using Envoy.Config.Core.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Filters.Formatting;
using Proxy.Filters.Tests.Support;

namespace Proxy.Filters.Tests.Formatting;

public sealed class LogFormatTests
{
    [Fact]
    public void TextFormatSourceInlineStringIsAFormatString()
    {
        var proto = new SubstitutionFormatString { TextFormatSource = new DataSource { InlineString = "%RESPONSE_CODE% %UPSTREAM_PROTOCOL%\n" } };

        var format = LogFormat.FromProto(proto);

        Assert.Equal("204 -\n", format.Formatter.Format(Sample.Info()));
        Assert.Equal("text/plain", format.ContentType);
    }

    [Fact]
    public void DeprecatedTextFormatAndOmitEmptyValuesAreHonoured()
    {
#pragma warning disable CS0612
        var proto = new SubstitutionFormatString { TextFormat = "[%UPSTREAM_PROTOCOL%]", OmitEmptyValues = true, ContentType = "text/html; charset=UTF-8" };
#pragma warning restore CS0612

        var format = LogFormat.FromProto(proto);

        Assert.Equal("[]", format.Formatter.Format(Sample.Info()));
        Assert.Equal("text/html; charset=UTF-8", format.ContentType);
    }

    [Fact]
    public void TextFormatCanComeFromBytesAFileOrTheEnvironment()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "file:%RESPONSE_CODE%");
        var options = new FormatterOptions { GetEnvironmentVariable = name => name == "LOG_FORMAT" ? "env:%RESPONSE_CODE%" : null };
        try
        {
            var bytes = LogFormat.FromProto(new SubstitutionFormatString { TextFormatSource = new DataSource { InlineBytes = ByteString.CopyFromUtf8("bytes:%RESPONSE_CODE%") } });
            var file = LogFormat.FromProto(new SubstitutionFormatString { TextFormatSource = new DataSource { Filename = path } });
            var env = LogFormat.FromProto(new SubstitutionFormatString { TextFormatSource = new DataSource { EnvironmentVariable = "LOG_FORMAT" } }, options);

            Assert.Equal("bytes:204", bytes.Formatter.Format(Sample.Info()));
            Assert.Equal("file:204", file.Formatter.Format(Sample.Info()));
            Assert.Equal("env:204", env.Formatter.Format(Sample.Info()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void JsonFormatIsTypedAndSortedOnRequest()
    {
        var proto = new SubstitutionFormatString
        {
            JsonFormat = Struct.Parser.ParseJson("""{"status": "%RESPONSE_CODE%", "message": "%LOCAL_REPLY_BODY%"}"""),
            JsonFormatOptions = new JsonFormatOptions { SortProperties = true },
        };

        var format = LogFormat.FromProto(proto);

        Assert.Equal("{\"message\":\"My error message\",\"status\":204}\n", format.Formatter.Format(Sample.Info(), null, localReplyBody: "My error message"));
        Assert.Equal("application/json", format.ContentType);
    }

    [Fact]
    public void KnownFormatterExtensionsAreAccepted()
    {
        var proto = new SubstitutionFormatString { TextFormatSource = new DataSource { InlineString = "%REQ_WITHOUT_QUERY(:PATH)%" } };
        proto.Formatters.Add(new TypedExtensionConfig
        {
            Name = "envoy.formatter.req_without_query",
            TypedConfig = new Any { TypeUrl = "type.googleapis.com/envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery" },
        });

        Assert.Equal("/api/v1/locations", LogFormat.FromProto(proto).Formatter.Format(Sample.Info(), Sample.Http()));
    }

    [Fact]
    public void UnknownFormatterExtensionIsRefused()
    {
        var proto = new SubstitutionFormatString { TextFormatSource = new DataSource { InlineString = "x" } };
        proto.Formatters.Add(new TypedExtensionConfig
        {
            Name = "envoy.formatter.cel",
            TypedConfig = new Any { TypeUrl = "type.googleapis.com/envoy.extensions.formatter.cel.v3.Cel" },
        });

        var e = Assert.Throws<ConfigException>(() => LogFormat.FromProto(proto));

        Assert.Equal("formatters[0]: unsupported formatter extension 'envoy.formatter.cel' (type.googleapis.com/envoy.extensions.formatter.cel.v3.Cel)", e.Message);
    }

    [Theory]
    [InlineData("text_format_source: Not supported field in StreamInfo: NOPE")]
    public void ErrorsNameTheField(string message)
    {
        var proto = new SubstitutionFormatString { TextFormatSource = new DataSource { InlineString = "%NOPE%" } };

        Assert.Equal(message, Assert.Throws<ConfigException>(() => LogFormat.FromProto(proto)).Message);
    }

    [Fact]
    public void JsonErrorsNameTheMember()
    {
        var proto = new SubstitutionFormatString { JsonFormat = Struct.Parser.ParseJson("""{"a": "%NOPE%"}""") };

        Assert.Equal("json_format: a: Not supported field in StreamInfo: NOPE", Assert.Throws<ConfigException>(() => LogFormat.FromProto(proto)).Message);
    }

    [Fact]
    public void AFormatIsRequiredAndTheContentTypeMustBeAHeaderValue()
    {
        Assert.Equal(
            "format: one of text_format, json_format or text_format_source is required",
            Assert.Throws<ConfigException>(() => LogFormat.FromProto(new SubstitutionFormatString())).Message);
        Assert.Equal(
            "content_type: not a valid HTTP header value",
            Assert.Throws<ConfigException>(() => LogFormat.FromProto(new SubstitutionFormatString
            {
                TextFormatSource = new DataSource { InlineString = "x" },
                ContentType = "text/plain\r\nx: y",
            })).Message);
        Assert.StartsWith(
            "text_format_source.filename: cannot read '/nonexistent/format.txt'",
            Assert.Throws<ConfigException>(() => LogFormat.FromProto(new SubstitutionFormatString
            {
                TextFormatSource = new DataSource { Filename = "/nonexistent/format.txt" },
            })).Message,
            StringComparison.Ordinal);
    }
}
