namespace Proxy.Filters.Formatting;

/// <summary>
/// A string of the format dictionary, parsed as a format string. Envoy's typing rule: only a value made of a
/// single command operator keeps its type (<c>"%DURATION%"</c> is a number, <c>"%DURATION%ms"</c> a string);
/// a missing value is <c>null</c> when typed, <c>"-"</c> otherwise, and dropped under <c>omit_empty_values</c>.
/// </summary>
internal sealed class JsonValueNode : JsonNode
{
    private readonly FormatPart[] _parts;

    public JsonValueNode(FormatPart[] parts) => _parts = parts;

    public override bool Write(in FormatContext context, in JsonWriteState state, LogBuffer output)
    {
        var scratch = state.Scratch;
        scratch.Clear();
        if (_parts.Length == 1 && _parts[0] is not LiteralPart)
        {
            var single = new FormatContext(context.Info, context.Http, context.LogType, context.LocalReplyBody, state.Typed);
            var kind = _parts[0].Write(single, scratch);
            if (kind == ValueKind.Null)
            {
                scratch.Clear();
                if (state.OmitEmptyValues)
                {
                    return false;
                }

                output.Append(state.Typed ? "null" : "\"-\"");
                return true;
            }

            if (state.Typed && kind is ValueKind.Number or ValueKind.Json)
            {
                output.Append(scratch.Span);
            }
            else
            {
                JsonText.AppendQuoted(scratch.Span, output);
            }

            return true;
        }

        // Several pieces: always a string, with missing values printed as "-" (or nothing).
        var empty = state.OmitEmptyValues ? string.Empty : "-";
        foreach (var part in _parts)
        {
            var start = scratch.Length;
            if (part.Write(context, scratch) == ValueKind.Null)
            {
                scratch.Truncate(start);
                scratch.Append(empty);
            }
        }

        JsonText.AppendQuoted(scratch.Span, output);
        return true;
    }
}
