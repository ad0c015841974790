namespace Proxy.Filters.Formatting;

/// <summary>One node of a parsed format dictionary: an object, a list, a formatted string or a constant number.</summary>
internal abstract class JsonNode
{
    /// <summary>Appends the node's JSON; returns false, having appended nothing, when the value is omitted.</summary>
    public abstract bool Write(in FormatContext context, in JsonWriteState state, LogBuffer output);
}
