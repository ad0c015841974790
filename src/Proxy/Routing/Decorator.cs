namespace Proxy.Routing;

/// <summary>Route.decorator: the tracing span's operation name.</summary>
/// <param name="Operation">Span name for requests matching the route.</param>
/// <param name="Propagate">Send it to the other party (x-envoy-decorator-operation); default true.</param>
public sealed record Decorator(string Operation, bool Propagate);
