namespace Proxy.Routing.Headers;

/// <summary>
/// HeaderValueOption.append_action. The deprecated <c>append</c> BoolValue maps to it: unset or true is
/// <see cref="AppendIfExistsOrAdd"/>, false is <see cref="OverwriteIfExistsOrAdd"/>.
/// </summary>
public enum HeaderAppendAction
{
    /// <summary>Add another value (a new header line); add the header if absent.</summary>
    AppendIfExistsOrAdd = 0,

    /// <summary>Add only when the header is absent.</summary>
    AddIfAbsent = 1,

    /// <summary>Replace every value; add the header if absent.</summary>
    OverwriteIfExistsOrAdd = 2,

    /// <summary>Replace every value, only when the header is present.</summary>
    OverwriteIfExists = 3,
}
