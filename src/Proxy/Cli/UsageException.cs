namespace Proxy.Cli;

/// <summary>
/// A command line the proxy refuses: unknown flag, missing value, bad number or enum. The message names the
/// flag; the program prints "PARSE ERROR: message" and a short usage to stderr and exits 1, as Envoy's TCLAP
/// parser does.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
