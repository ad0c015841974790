namespace Proxy.Filters.Formatting;

/// <summary>
/// One piece of a parsed format: a literal or a command operator (<c>%REQ(:PATH)%</c>). Built once when the
/// config arrives; <see cref="Write"/> runs per log entry and must not allocate beyond values that must exist.
/// </summary>
internal abstract class FormatPart
{
    /// <summary>
    /// Appends the value's characters to <paramref name="output"/> and says what kind of value it was.
    /// A part returning <see cref="ValueKind.Null"/> has appended nothing; the caller prints "-", JSON
    /// <c>null</c>, or nothing under <c>omit_empty_values</c>.
    /// </summary>
    public abstract ValueKind Write(in FormatContext context, LogBuffer output);
}
