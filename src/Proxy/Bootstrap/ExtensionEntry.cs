namespace Proxy.Bootstrap;

/// <summary>One known typed_config type.</summary>
/// <param name="TypeName">Message full name, the part of the type URL after the last '/'.</param>
/// <param name="Note">One line: what it is, or for <see cref="ExtensionSupport.AcceptedIgnored"/> why it is not applied.</param>
public sealed record ExtensionEntry(string TypeName, ExtensionSupport Support, string Note);
