namespace Proxy.Routing.Actions;

/// <summary>An extra attribute of a generated hash cookie; an empty value writes the name alone.</summary>
public sealed record CookieAttribute(string Name, string Value);
