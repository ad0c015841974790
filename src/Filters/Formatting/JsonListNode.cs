namespace Proxy.Filters.Formatting;

/// <summary>A list of the format dictionary; with <c>omit_empty_values</c> its null items are dropped.</summary>
internal sealed class JsonListNode : JsonNode
{
    private readonly JsonNode[] _items;

    public JsonListNode(JsonNode[] items) => _items = items;

    public override bool Write(in FormatContext context, in JsonWriteState state, LogBuffer output)
    {
        output.Append('[');
        var first = true;
        foreach (var item in _items)
        {
            var mark = output.Length;
            if (!first)
            {
                output.Append(',');
            }

            if (item.Write(context, state, output))
            {
                first = false;
            }
            else
            {
                output.Truncate(mark);
            }
        }

        output.Append(']');
        return true;
    }
}
