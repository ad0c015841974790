using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace Proxy.Xds.Json;

/// <summary>
/// google.protobuf.Duration ("1.5s", "-0.000000001s") and Timestamp (RFC 3339, "1972-01-01T10:00:20.021Z")
/// in their proto3 JSON form, with nanosecond precision and the types' documented ranges.
/// </summary>
internal static partial class TimeReader
{
    // Duration's documented range: +-10,000 years.
    private const long MaxDurationSeconds = 315_576_000_000;

    public static Duration ReadDuration(JsonNode? node, string path)
    {
        var text = JsonValues.AsString(node) ?? throw ScalarReader.Expected(node, "a duration string such as \"1.5s\"", path);
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw new ProtoJsonException(path, $"invalid duration '{text}': expected seconds with up to 9 decimals and an 's' suffix, e.g. \"1.5s\"");
        }

        if (!long.TryParse(match.Groups["seconds"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxDurationSeconds)
        {
            throw new ProtoJsonException(path, $"invalid duration '{text}': out of range (at most {MaxDurationSeconds}s)");
        }

        var nanos = Nanos(match.Groups["fraction"].Value);
        if (match.Groups["sign"].Value == "-")
        {
            seconds = -seconds;
            nanos = -nanos;
        }

        return new Duration { Seconds = seconds, Nanos = nanos };
    }

    public static Timestamp ReadTimestamp(JsonNode? node, string path)
    {
        var text = JsonValues.AsString(node) ?? throw ScalarReader.Expected(node, "an RFC 3339 timestamp string", path);
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            throw new ProtoJsonException(path, $"invalid timestamp '{text}': expected RFC 3339, e.g. \"1972-01-01T10:00:20.021Z\"");
        }

        DateTime utc;
        try
        {
            utc = new DateTime(
                Int(match, "year"), Int(match, "month"), Int(match, "day"),
                Int(match, "hour"), Int(match, "minute"), Int(match, "second"), DateTimeKind.Utc);
            if (match.Groups["offsign"].Success)
            {
                var offset = new TimeSpan(Int(match, "offhour"), Int(match, "offminute"), 0);
                // Local time = UTC + offset, so UTC = local - offset.
                utc = match.Groups["offsign"].Value == "+" ? utc - offset : utc + offset;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ProtoJsonException(path, $"invalid timestamp '{text}': not a valid date and time");
        }

        var seconds = (long)(utc - DateTime.UnixEpoch).TotalSeconds;
        return new Timestamp { Seconds = seconds, Nanos = Nanos(match.Groups["fraction"].Value) };
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int Nanos(string fraction) =>
        fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<sign>-)?(?<seconds>[0-9]+)(?:\.(?<fraction>[0-9]{1,9}))?s$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?(?:[Zz]|(?<offsign>[+-])(?<offhour>[0-9]{2}):(?<offminute>[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
