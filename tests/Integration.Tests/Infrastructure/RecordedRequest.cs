namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>What a <see cref="TestUpstream"/> received.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string Protocol, IReadOnlyDictionary<string, string> Headers, long BodyBytes);
