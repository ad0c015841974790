using System.Globalization;

namespace Proxy.Filters.Formatting;

/// <summary>
/// <c>%FILTER_STATE(KEY:PLAIN|TYPED):Z%</c>: the object a filter stored under KEY in
/// <see cref="StreamInfo.StreamInfo.FilterState"/>. PLAIN prints it as a string; TYPED (the default) prints
/// its JSON form, as Envoy serializes the object's proto to JSON: a string becomes <c>"value"</c> with its
/// quotes, numbers and booleans stay bare. Z truncates the text; typed JSON logs ignore Z for TYPED.
/// </summary>
internal sealed class FilterStatePart : FormatPart
{
    private readonly string _key;
    private readonly bool _plain;
    private readonly int _maxLength;

    public FilterStatePart(string key, bool plain, int maxLength)
    {
        _key = key;
        _plain = plain;
        _maxLength = maxLength;
    }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var info = context.Info;
        if (!info.HasFilterState || !info.FilterState.TryGetValue(_key, out var value) || value is null)
        {
            return ValueKind.Null;
        }

        var start = output.Length;
        ValueKind kind;
        if (_plain)
        {
            if (!WritePlain(value, output))
            {
                return ValueKind.Null;
            }

            kind = ValueKind.String;
        }
        else
        {
            WriteTyped(value, output);
            kind = ValueKind.Json;
            if (context.TypedJson)
            {
                return kind;
            }
        }

        if (_maxLength >= 0)
        {
            output.Truncate(start + _maxLength);
        }

        return kind;
    }

    private static bool WritePlain(object value, LogBuffer output)
    {
        switch (value)
        {
            case string s:
                output.Append(s);
                return true;
            case bool b:
                output.Append(b ? "true" : "false");
                return true;
            case ISpanFormattable formattable:
                output.AppendFormattable(formattable, default);
                return true;
            default:
                var text = value.ToString();
                if (text is null)
                {
                    return false;
                }

                output.Append(text);
                return true;
        }
    }

    private static void WriteTyped(object value, LogBuffer output)
    {
        switch (value)
        {
            case bool b:
                output.Append(b ? "true" : "false");
                return;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                output.AppendFormattable((ISpanFormattable)value, default);
                return;
            case double d when double.IsFinite(d):
                output.AppendFormattable(d, "R");
                return;
            case float f when float.IsFinite(f):
                output.AppendFormattable(f, "R");
                return;
            case decimal m:
                output.AppendFormattable(m, default);
                return;
            case string s:
                JsonText.AppendQuoted(s, output);
                return;
            default:
                JsonText.AppendQuoted(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, output);
                return;
        }
    }
}
