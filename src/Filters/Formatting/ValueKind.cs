namespace Proxy.Filters.Formatting;

/// <summary>
/// What a command operator produced. Text output only distinguishes <see cref="Null"/> (printed as "-",
/// or nothing with <c>omit_empty_values</c>); typed JSON output keeps numbers as numbers, as Envoy's
/// <c>json_format</c> does ("Renders a numeric value in typed JSON logs").
/// </summary>
internal enum ValueKind
{
    /// <summary>No value: nothing was written.</summary>
    Null,

    /// <summary>Plain characters, to be JSON-escaped and quoted in JSON output.</summary>
    String,

    /// <summary>A decimal number, written as is in typed JSON output.</summary>
    Number,

    /// <summary>Already a JSON value (a quoted string, a number or a boolean), written as is in JSON output.</summary>
    Json,
}
