namespace Proxy.Filters.Formatting;

/// <summary>A nested object of the format dictionary. Always written, even when all its members were omitted (as Envoy).</summary>
internal sealed class JsonObjectNode : JsonNode
{
    private readonly string[] _keys;
    private readonly JsonNode[] _values;

    /// <param name="keys">Each member's <c>"key":</c> prefix, already escaped.</param>
    public JsonObjectNode(string[] keys, JsonNode[] values)
    {
        _keys = keys;
        _values = values;
    }

    public override bool Write(in FormatContext context, in JsonWriteState state, LogBuffer output)
    {
        output.Append('{');
        var first = true;
        for (var i = 0; i < _keys.Length; i++)
        {
            var mark = output.Length;
            if (!first)
            {
                output.Append(',');
            }

            output.Append(_keys[i]);
            if (_values[i].Write(context, state, output))
            {
                first = false;
            }
            else
            {
                output.Truncate(mark);
            }
        }

        output.Append('}');
        return true;
    }
}
