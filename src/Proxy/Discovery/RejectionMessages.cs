namespace Proxy.Discovery;

/// <summary>The NACK text: "<kind> '<name>': <what the translator said>", without naming the resource twice.</summary>
internal static class RejectionMessages
{
    public static string Named(string kind, string name, string message) =>
        message.StartsWith(kind + " '", StringComparison.Ordinal) ? message : $"{kind} '{name}': {message}";
}
