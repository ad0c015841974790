namespace Proxy.Filters.Formatting;

/// <summary>
/// The duration operators (<see cref="DurationKind"/>): milliseconds, truncated as Envoy's duration_cast does,
/// "-" when a timestamp was never reached; a number in typed JSON.
/// </summary>
internal sealed class DurationPart : FormatPart
{
    private readonly DurationKind _kind;
    private readonly TimeProvider _clock;

    public DurationPart(DurationKind kind, TimeProvider clock)
    {
        _kind = kind;
        _clock = clock;
    }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var milliseconds = Milliseconds(context.Info, _kind, _clock);
        if (milliseconds < 0)
        {
            return ValueKind.Null;
        }

        output.Append(milliseconds);
        return ValueKind.Number;
    }

    /// <summary>The duration in milliseconds, or -1 when it cannot be known (shared with duration_filter).</summary>
    public static long Milliseconds(StreamInfo.StreamInfo info, DurationKind kind, TimeProvider clock)
    {
        var start = info.StartTimestamp;
        if (start == 0)
        {
            return -1;
        }

        return kind switch
        {
            DurationKind.Total => Between(start, info.CompletedTimestamp != 0 ? info.CompletedTimestamp : clock.GetTimestamp(), clock),
            DurationKind.Request => Between(start, info.LastDownstreamRxByteReceived, clock),
            DurationKind.RequestTx => Between(start, info.LastUpstreamTxByteSent, clock),
            DurationKind.Response => Between(start, info.FirstUpstreamRxByteReceived, clock),
            _ => info.FirstUpstreamRxByteReceived == 0 ? -1 : Between(info.FirstUpstreamRxByteReceived, info.LastDownstreamTxByteSent, clock),
        };
    }

    private static long Between(long from, long to, TimeProvider clock)
    {
        if (to == 0 || to < from)
        {
            return -1;
        }

        // Split so that (delta * 1000) cannot overflow for any realistic frequency.
        var delta = to - from;
        var frequency = clock.TimestampFrequency;
        return (delta / frequency * 1000) + (delta % frequency * 1000 / frequency);
    }
}
