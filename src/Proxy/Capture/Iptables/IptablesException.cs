namespace Proxy.Capture.Iptables;

/// <summary>An iptables program failed; the message says which command and what it printed.</summary>
public sealed class IptablesException(string message) : Exception(message);
