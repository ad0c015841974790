namespace Proxy.Filters.Formatting;

/// <summary>Settings and scratch space shared by the nodes of one <see cref="JsonFormatter"/> while it writes an entry.</summary>
internal readonly struct JsonWriteState
{
    public JsonWriteState(bool typed, bool omitEmptyValues, LogBuffer scratch)
    {
        Typed = typed;
        OmitEmptyValues = omitEmptyValues;
        Scratch = scratch;
    }

    /// <summary>Numbers stay numbers and null stays null (json_format, typed_json_format); else all values are strings.</summary>
    public bool Typed { get; }

    public bool OmitEmptyValues { get; }

    /// <summary>Where a value is formatted before it is escaped into the output.</summary>
    public LogBuffer Scratch { get; }
}
