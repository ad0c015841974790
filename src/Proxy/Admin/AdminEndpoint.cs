namespace Proxy.Admin;

/// <summary>One admin path: its help line, whether it changes state (then POST is required) and the handler.</summary>
internal sealed record AdminEndpoint(string Path, string Help, bool Mutates, Func<AdminRequest, ValueTask<AdminResponse>> Handle);
