namespace Proxy.Filters.Formatting;

/// <summary>A number written in the format dictionary itself, copied to every entry.</summary>
internal sealed class JsonNumberNode : JsonNode
{
    private readonly string _text;

    public JsonNumberNode(string text) => _text = text;

    public override bool Write(in FormatContext context, in JsonWriteState state, LogBuffer output)
    {
        output.Append(_text);
        return true;
    }
}
