using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using static Envoy.Config.Bootstrap.V3.Bootstrap.Types;

namespace Proxy.Logging;

/// <summary>
/// Bootstrap <c>application_log_config.log_format</c>: <c>text_format</c> is a pattern like --log-format;
/// <c>json_format</c> is a Struct whose compact JSON becomes the pattern, with %j for the escaped message
/// (Envoy's Registry::setJsonLogFormat). Envoy refuses it together with the --log-format flag, and refuses
/// %v and %_ in a JSON format because they would break the JSON.
/// </summary>
public static class ApplicationLogFormat
{
    /// <summary>The pattern the bootstrap asks for, or null to keep the command line's.</summary>
    /// <exception cref="ConfigException">Both sources set, or a JSON format using %v/%_.</exception>
    public static string? Resolve(ApplicationLogConfig? config, bool cliFormatSet)
    {
        var format = config?.LogFormat;
        if (format is null || format.LogFormatCase == ApplicationLogConfig.Types.LogFormat.LogFormatOneofCase.None)
        {
            return null;
        }

        if (cliFormatSet)
        {
            throw new ConfigException("application_log_config.log_format: only one of ApplicationLogConfig.log_format or CLI option --log-format can be specified");
        }

        if (format.LogFormatCase == ApplicationLogConfig.Types.LogFormat.LogFormatOneofCase.TextFormat)
        {
            return format.TextFormat;
        }

        var json = ToCompactJson(format.JsonFormat);
        foreach (var forbidden in new[] { "%v", "%_" })
        {
            if (json.Contains(forbidden, StringComparison.Ordinal))
            {
                throw new ConfigException($"application_log_config.log_format.json_format: usage of {forbidden} is unavailable for JSON log formats (use %j)");
            }
        }

        // Envoy appends %* before the final brace for log tags (which we have none of) and rewrites %j as %+;
        // both print the same here, so the JSON text is the pattern as it is.
        return json;
    }

    /// <summary>The Struct as compact JSON with keys in ordinal order, characters not escaped beyond JSON's needs.</summary>
    public static string ToCompactJson(Struct value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteStruct(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStruct(Utf8JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        foreach (var key in value.Fields.Keys.Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value.Fields[key]);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.StringValue: writer.WriteStringValue(value.StringValue); break;
            case Value.KindOneofCase.NumberValue: writer.WriteNumberValue(value.NumberValue); break;
            case Value.KindOneofCase.BoolValue: writer.WriteBooleanValue(value.BoolValue); break;
            case Value.KindOneofCase.StructValue: WriteStruct(writer, value.StructValue); break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteNullValue(); break;
        }
    }
}
