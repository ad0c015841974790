namespace Proxy.Filters.Formatting;

/// <summary>
/// <c>%START_TIME(fmt)%</c> and <c>%START_TIME_LOCAL(fmt)%</c> (when the request or connection started),
/// <c>%EMIT_TIME(fmt)%</c> and <c>%EMIT_TIME_LOCAL(fmt)%</c> (when the entry is written). Always a string,
/// also in typed JSON, as Envoy documents.
/// </summary>
internal sealed class StartTimePart : FormatPart
{
    private readonly TimeFormat _format;
    private readonly bool _local;
    private readonly TimeProvider? _emitClock;

    /// <param name="emitClock">Null for START_TIME; the clock to read for EMIT_TIME.</param>
    public StartTimePart(TimeFormat format, bool local, TimeProvider? emitClock)
    {
        _format = format;
        _local = local;
        _emitClock = emitClock;
    }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var time = _emitClock?.GetUtcNow() ?? context.Info.StartTime;
        if (time == default)
        {
            return ValueKind.Null;
        }

        _format.Write(time, _local, output);
        return ValueKind.String;
    }
}
