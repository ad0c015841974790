using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;

namespace Proxy.Filters.Formatting;

/// <summary>
/// An Envoy format dictionary (<c>json_format</c>, FileAccessLog's <c>json_format</c>/<c>typed_json_format</c>):
/// each string value is a format string, nested objects and lists are kept, numbers are copied. One compact
/// JSON object per entry, followed by a newline. Members keep the config's order unless
/// <c>json_format_options.sort_properties</c> asks for them sorted.
/// </summary>
public sealed class JsonFormatter : Formatter
{
    private readonly JsonObjectNode _root;
    private readonly bool _typed;
    private readonly bool _omitEmptyValues;

    private JsonFormatter(JsonObjectNode root, bool typed, bool omitEmptyValues)
    {
        _root = root;
        _typed = typed;
        _omitEmptyValues = omitEmptyValues;
    }

    /// <param name="typed">Numbers as numbers and missing values as null (<c>json_format</c> of SubstitutionFormatString,
    /// <c>typed_json_format</c>); false renders every value as a string (FileAccessLog's legacy <c>json_format</c>).</param>
    public static JsonFormatter Parse(Struct format, bool typed = true, bool omitEmptyValues = false, bool sortProperties = false, FormatterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        var root = BuildObject(format, sortProperties, options ?? FormatterOptions.Default, string.Empty);
        return new JsonFormatter(root, typed, omitEmptyValues);
    }

    internal override void FormatTo(in FormatContext context, LogBuffer output)
    {
        var scratch = LogBuffer.Rent();
        try
        {
            _root.Write(context, new JsonWriteState(_typed, _omitEmptyValues, scratch), output);
            output.Append('\n');
        }
        finally
        {
            LogBuffer.Return(scratch);
        }
    }

    private static JsonObjectNode BuildObject(Struct format, bool sort, FormatterOptions options, string path)
    {
        var names = new List<string>(format.Fields.Keys);
        if (sort)
        {
            names.Sort(StringComparer.Ordinal);
        }

        var keys = new string[names.Count];
        var values = new JsonNode[names.Count];
        var buffer = new LogBuffer();
        for (var i = 0; i < names.Count; i++)
        {
            buffer.Clear();
            JsonText.AppendQuoted(names[i], buffer);
            buffer.Append(':');
            keys[i] = buffer.ToString();
            values[i] = BuildValue(format.Fields[names[i]], sort, options, path.Length == 0 ? names[i] : $"{path}.{names[i]}");
        }

        return new JsonObjectNode(keys, values);
    }

    private static JsonNode BuildValue(Value value, bool sort, FormatterOptions options, string path)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.StringValue:
                try
                {
                    return new JsonValueNode(CommandParser.Parse(value.StringValue, options));
                }
                catch (ConfigException e)
                {
                    throw ConfigException.At(path, e);
                }

            case Value.KindOneofCase.StructValue:
                return BuildObject(value.StructValue, sort, options, path);
            case Value.KindOneofCase.ListValue:
                var items = new JsonNode[value.ListValue.Values.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = BuildValue(value.ListValue.Values[i], sort, options, $"{path}[{i}]");
                }

                return new JsonListNode(items);
            case Value.KindOneofCase.NumberValue when double.IsFinite(value.NumberValue):
                return new JsonNumberNode(value.NumberValue.ToString("R", CultureInfo.InvariantCulture));
            default:
                throw new ConfigException(
                    $"{path}: Only string values, nested structs, list values and number values are supported in structured access log format.");
        }
    }
}
