namespace Proxy.Tests.Logging;

/// <summary>A clock stopped at one instant, in a chosen zone.</summary>
internal sealed class FixedTime(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => zone;
}
