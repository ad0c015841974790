namespace Proxy.Routing.Actions;

/// <summary>RateLimitedRetryBackOff.reset_headers entry: a response header giving the back-off.</summary>
/// <param name="Name">Lower-case header name, e.g. "retry-after".</param>
/// <param name="UnixTimestamp">True for UNIX_TIMESTAMP (a point in time), false for SECONDS (an interval).</param>
public sealed record ResetHeader(string Name, bool UnixTimestamp);
