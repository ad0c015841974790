using Envoy.Config.Core.V3;
using Proxy.Filters.Extensions;

namespace Proxy.Filters.Formatting;

/// <summary>
/// Envoy's SubstitutionFormatString translated once: the formatter and the content type of what it produces
/// (used when the format renders a local reply body). Also Envoy's default access log format.
/// </summary>
public sealed class LogFormat
{
    /// <summary>The format Envoy uses when none is configured (access_log "Default Format String").</summary>
    public const string DefaultFormatString =
        "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" " +
        "%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% " +
        "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% " +
        "\"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" " +
        "\"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\"\n";

    public const string TextContentType = "text/plain";

    public const string JsonContentType = "application/json";

    // Extensions of the envoy.formatter category that need no configuration here: REQ_WITHOUT_QUERY and
    // METADATA are built-in command operators of this formatter.
    private static readonly HashSet<string> KnownFormatterExtensions = new(StringComparer.Ordinal)
    {
        "type.googleapis.com/envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery",
        "type.googleapis.com/envoy.extensions.formatter.metadata.v3.Metadata",
    };

    public LogFormat(Formatter formatter, string contentType)
    {
        Formatter = formatter;
        ContentType = contentType;
    }

    public Formatter Formatter { get; }

    public string ContentType { get; }

    /// <summary>Envoy's default format, with <paramref name="options"/> for its clock.</summary>
    public static LogFormat Default(FormatterOptions? options = null) =>
        new(SubstitutionFormatter.Parse(DefaultFormatString, options: options), TextContentType);

    /// <summary>
    /// Translates a SubstitutionFormatString. Errors name the field relative to the message
    /// (<c>text_format_source.inline_string: Not supported field in StreamInfo: FOO</c>); callers prefix theirs.
    /// </summary>
    public static LogFormat FromProto(SubstitutionFormatString proto, FormatterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(proto);
        options ??= FormatterOptions.Default;
        for (var i = 0; i < proto.Formatters.Count; i++)
        {
            var extension = proto.Formatters[i];
            var typeUrl = extension.TypedConfig?.TypeUrl ?? string.Empty;
            if (!KnownFormatterExtensions.Contains(typeUrl))
            {
                throw new ConfigException($"formatters[{i}]: unsupported formatter extension '{extension.Name}' ({typeUrl})");
            }
        }

        var contentType = proto.ContentType;
        if (contentType.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ConfigException("content_type: not a valid HTTP header value");
        }

        switch (proto.FormatCase)
        {
            case SubstitutionFormatString.FormatOneofCase.TextFormat:
                // Deprecated in favour of text_format_source, but istiod still sends it.
#pragma warning disable CS0612
                var textFormat = proto.TextFormat;
#pragma warning restore CS0612
                return new LogFormat(Text(textFormat, "text_format", proto.OmitEmptyValues, options), Or(contentType, TextContentType));
            case SubstitutionFormatString.FormatOneofCase.TextFormatSource:
                var text = ReadDataSource(proto.TextFormatSource, "text_format_source", options);
                return new LogFormat(Text(text, "text_format_source", proto.OmitEmptyValues, options), Or(contentType, TextContentType));
            case SubstitutionFormatString.FormatOneofCase.JsonFormat:
                JsonFormatter json;
                try
                {
                    var sort = proto.JsonFormatOptions?.SortProperties ?? false;
                    json = JsonFormatter.Parse(proto.JsonFormat, typed: true, proto.OmitEmptyValues, sort, options);
                }
                catch (ConfigException e)
                {
                    throw ConfigException.At("json_format", e);
                }

                return new LogFormat(json, Or(contentType, JsonContentType));
            default:
                throw new ConfigException("format: one of text_format, json_format or text_format_source is required");
        }
    }

    private static SubstitutionFormatter Text(string format, string field, bool omitEmptyValues, FormatterOptions options)
    {
        try
        {
            return SubstitutionFormatter.Parse(format, omitEmptyValues, options);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(field, e);
        }
    }

    private static string ReadDataSource(DataSource source, string field, FormatterOptions options)
    {
        switch (source.SpecifierCase)
        {
            case DataSource.SpecifierOneofCase.InlineString:
                return source.InlineString;
            case DataSource.SpecifierOneofCase.InlineBytes:
                return source.InlineBytes.ToStringUtf8();
            case DataSource.SpecifierOneofCase.EnvironmentVariable:
                return options.GetEnvironmentVariable(source.EnvironmentVariable)
                    ?? throw new ConfigException($"{field}.environment_variable: environment variable '{source.EnvironmentVariable}' is not set");
            case DataSource.SpecifierOneofCase.Filename:
                try
                {
                    return File.ReadAllText(source.Filename);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ConfigException($"{field}.filename: cannot read '{source.Filename}': {e.Message}", e);
                }

            default:
                throw new ConfigException($"{field}: one of filename, inline_bytes, inline_string or environment_variable is required");
        }
    }

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
