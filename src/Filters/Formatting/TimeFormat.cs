using System.Globalization;
using Proxy.Filters.Extensions;

namespace Proxy.Filters.Formatting;

/// <summary>
/// A START_TIME format (Envoy's DateFormatter): strftime conversions in the C locale (cppreference put_time),
/// absl's <c>%E#S</c>/<c>%E*S</c>/<c>%Ez</c>, and Envoy's own <c>%s</c> (seconds since the epoch) and
/// <c>%f</c>/<c>%1f</c>..<c>%9f</c> (fraction of the second, 9 digits by default, truncated). Compiled once;
/// <see cref="Write"/> appends without allocating.
/// </summary>
internal sealed class TimeFormat
{
    private static readonly string[] MonthAbbreviations =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly string[] MonthNames =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];

    private static readonly string[] WeekdayAbbreviations = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private static readonly string[] WeekdayNames =
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private readonly TimeToken[] _tokens;

    private TimeFormat(TimeToken[] tokens) => _tokens = tokens;

    /// <summary>Envoy's default START_TIME rendering (AccessLogDateTimeFormatter): 2016-04-15T20:17:00.310Z.</summary>
    public static TimeFormat DefaultUtc { get; } = Parse("%Y-%m-%dT%H:%M:%E3SZ");

    /// <summary>The default of START_TIME_LOCAL: local time with its UTC offset.</summary>
    public static TimeFormat DefaultLocal { get; } = Parse("%Y-%m-%dT%H:%M:%E3S%z");

    /// <summary>Compiles <paramref name="format"/>; a newline conversion is refused as Envoy does.</summary>
    public static TimeFormat Parse(string format)
    {
        var tokens = new List<TimeToken>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%' || i + 1 == format.Length)
            {
                literal.Append(c);
                i++;
                continue;
            }

            var specStart = i;
            i++;
            var pad = '0';
            var padGiven = false;
            while (i < format.Length && "-_0^#".Contains(format[i], StringComparison.Ordinal))
            {
                switch (format[i])
                {
                    case '-':
                        pad = '\0';
                        padGiven = true;
                        break;
                    case '_':
                        pad = ' ';
                        padGiven = true;
                        break;
                    case '0':
                        pad = '0';
                        padGiven = true;
                        break;
                }

                i++;
            }

            var width = -1;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                width = Math.Max(width, 0) * 10 + (format[i] - '0');
                i++;
            }

            var modifier = '\0';
            var star = false;
            if (i < format.Length && (format[i] == 'E' || format[i] == 'O'))
            {
                modifier = format[i];
                i++;
                if (modifier == 'E' && i < format.Length && format[i] == '*')
                {
                    star = true;
                    i++;
                }
                else
                {
                    while (i < format.Length && char.IsAsciiDigit(format[i]))
                    {
                        width = Math.Max(width, 0) * 10 + (format[i] - '0');
                        i++;
                    }
                }
            }

            if (i == format.Length)
            {
                literal.Append(format, specStart, i - specStart);
                break;
            }

            var conversion = format[i];
            i++;
            if (conversion == 'n')
            {
                // Envoy: the formatted value may end up in a header, which cannot hold a newline.
                throw new ConfigException("Invalid header configuration. Format string contains newline.");
            }

            if (conversion == '%')
            {
                literal.Append('%');
                continue;
            }

            if (conversion == 't')
            {
                literal.Append('\t');
                continue;
            }

            Flush(literal, tokens);
            if (!AddConversion(tokens, conversion, modifier, width, star, padGiven ? pad : null))
            {
                // Unknown conversions are printed as written (absl passes them through).
                literal.Append(format, specStart, i - specStart);
            }
        }

        Flush(literal, tokens);
        return new TimeFormat([.. tokens]);
    }

    /// <summary>Appends <paramref name="time"/> rendered in UTC, or in the local zone when <paramref name="local"/>.</summary>
    public void Write(DateTimeOffset time, bool local, LogBuffer output)
    {
        var at = local ? TimeZoneInfo.ConvertTime(time, TimeZoneInfo.Local) : time.ToUniversalTime();
        var dt = at.DateTime;
        foreach (var token in _tokens)
        {
            switch (token.Field)
            {
                case TimeField.Literal:
                    output.Append(token.Literal);
                    break;
                case TimeField.Year:
                    output.AppendPadded(dt.Year, token.Digits, token.Pad);
                    break;
                case TimeField.YearTwoDigits:
                    output.AppendPadded(dt.Year % 100, token.Digits, token.Pad);
                    break;
                case TimeField.Century:
                    output.AppendPadded(dt.Year / 100, token.Digits, token.Pad);
                    break;
                case TimeField.Month:
                    output.AppendPadded(dt.Month, token.Digits, token.Pad);
                    break;
                case TimeField.MonthAbbreviation:
                    output.Append(MonthAbbreviations[dt.Month - 1]);
                    break;
                case TimeField.MonthName:
                    output.Append(MonthNames[dt.Month - 1]);
                    break;
                case TimeField.Day:
                case TimeField.DaySpacePadded:
                    output.AppendPadded(dt.Day, token.Digits, token.Pad);
                    break;
                case TimeField.DayOfYear:
                    output.AppendPadded(dt.DayOfYear, token.Digits, token.Pad);
                    break;
                case TimeField.WeekdayAbbreviation:
                    output.Append(WeekdayAbbreviations[(int)dt.DayOfWeek]);
                    break;
                case TimeField.WeekdayName:
                    output.Append(WeekdayNames[(int)dt.DayOfWeek]);
                    break;
                case TimeField.WeekdayMondayOne:
                    output.Append(dt.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)dt.DayOfWeek);
                    break;
                case TimeField.WeekdaySundayZero:
                    output.Append((int)dt.DayOfWeek);
                    break;
                case TimeField.WeekOfYearSunday:
                    output.AppendPadded((dt.DayOfYear - 1 + 7 - (int)dt.DayOfWeek) / 7, token.Digits, token.Pad);
                    break;
                case TimeField.WeekOfYearMonday:
                    output.AppendPadded((dt.DayOfYear - 1 + 7 - (((int)dt.DayOfWeek + 6) % 7)) / 7, token.Digits, token.Pad);
                    break;
                case TimeField.IsoWeek:
                    output.AppendPadded(ISOWeek.GetWeekOfYear(dt), token.Digits, token.Pad);
                    break;
                case TimeField.IsoYear:
                    output.AppendPadded(ISOWeek.GetYear(dt), token.Digits, token.Pad);
                    break;
                case TimeField.IsoYearTwoDigits:
                    output.AppendPadded(ISOWeek.GetYear(dt) % 100, token.Digits, token.Pad);
                    break;
                case TimeField.Hour:
                case TimeField.HourSpacePadded:
                    output.AppendPadded(dt.Hour, token.Digits, token.Pad);
                    break;
                case TimeField.Hour12:
                case TimeField.Hour12SpacePadded:
                    output.AppendPadded(dt.Hour % 12 == 0 ? 12 : dt.Hour % 12, token.Digits, token.Pad);
                    break;
                case TimeField.Minute:
                    output.AppendPadded(dt.Minute, token.Digits, token.Pad);
                    break;
                case TimeField.Second:
                    output.AppendPadded(dt.Second, token.Digits, token.Pad);
                    break;
                case TimeField.SecondWithFraction:
                    output.AppendPadded(dt.Second, 2, '0');
                    WriteFraction(dt, token.Digits, dot: true, output);
                    break;
                case TimeField.AmPm:
                    output.Append(dt.Hour < 12 ? "AM" : "PM");
                    break;
                case TimeField.AmPmLower:
                    output.Append(dt.Hour < 12 ? "am" : "pm");
                    break;
                case TimeField.OffsetBasic:
                case TimeField.OffsetExtended:
                    WriteOffset(at.Offset, token.Field == TimeField.OffsetExtended, output);
                    break;
                case TimeField.ZoneName:
                    if (at.Offset == TimeSpan.Zero)
                    {
                        output.Append("UTC");
                    }
                    else
                    {
                        WriteOffset(at.Offset, extended: false, output);
                    }

                    break;
                case TimeField.EpochSeconds:
                    output.Append(time.ToUnixTimeSeconds());
                    break;
                case TimeField.Fraction:
                    WriteFraction(dt, token.Digits, dot: false, output);
                    break;
            }
        }
    }

    private static void WriteFraction(DateTime dt, int digits, bool dot, LogBuffer output)
    {
        // DateTime keeps 100 ns ticks; the nanosecond digit is therefore always 0, as on a 100 ns clock.
        var nanos = (dt.Ticks % TimeSpan.TicksPerSecond) * 100;
        if (digits < 0)
        {
            // absl %E*S: as many digits as needed, none (and no dot) for a whole second.
            if (nanos == 0)
            {
                return;
            }

            digits = 9;
            while (nanos % 10 == 0)
            {
                nanos /= 10;
                digits--;
            }

            output.Append('.');
            output.AppendPadded(nanos, digits, '0');
            return;
        }

        if (dot)
        {
            if (digits == 0)
            {
                return;
            }

            output.Append('.');
        }

        var value = nanos;
        for (var i = digits; i < 9; i++)
        {
            value /= 10;
        }

        output.AppendPadded(value, digits, '0');
    }

    private static void WriteOffset(TimeSpan offset, bool extended, LogBuffer output)
    {
        output.Append(offset < TimeSpan.Zero ? '-' : '+');
        var minutes = Math.Abs((int)offset.TotalMinutes);
        output.AppendPadded(minutes / 60, 2, '0');
        if (extended)
        {
            output.Append(':');
        }

        output.AppendPadded(minutes % 60, 2, '0');
    }

    private static void Flush(System.Text.StringBuilder literal, List<TimeToken> tokens)
    {
        if (literal.Length > 0)
        {
            tokens.Add(new TimeToken(TimeField.Literal, literal.ToString(), 0, '\0'));
            literal.Clear();
        }
    }

    private static bool AddConversion(List<TimeToken> tokens, char conversion, char modifier, int width, bool star, char? pad)
    {
        void Number(TimeField field, int digits, char defaultPad = '0') =>
            tokens.Add(new TimeToken(field, null, width >= 0 && modifier != 'E' ? width : digits, pad ?? defaultPad));

        void Text(TimeField field) => tokens.Add(new TimeToken(field, null, 0, '\0'));

        void Lit(string text) => tokens.Add(new TimeToken(TimeField.Literal, text, 0, '\0'));

        switch (conversion)
        {
            case 'Y':
                Number(TimeField.Year, modifier == 'E' && width > 0 ? width : 0);
                return true;
            case 'y':
                Number(TimeField.YearTwoDigits, 2);
                return true;
            case 'C':
                Number(TimeField.Century, 2);
                return true;
            case 'm':
                Number(TimeField.Month, 2);
                return true;
            case 'b':
            case 'h':
                Text(TimeField.MonthAbbreviation);
                return true;
            case 'B':
                Text(TimeField.MonthName);
                return true;
            case 'd':
                Number(TimeField.Day, 2);
                return true;
            case 'e':
                Number(TimeField.DaySpacePadded, 2, ' ');
                return true;
            case 'j':
                Number(TimeField.DayOfYear, 3);
                return true;
            case 'a':
                Text(TimeField.WeekdayAbbreviation);
                return true;
            case 'A':
                Text(TimeField.WeekdayName);
                return true;
            case 'u':
                Text(TimeField.WeekdayMondayOne);
                return true;
            case 'w':
                Text(TimeField.WeekdaySundayZero);
                return true;
            case 'U':
                Number(TimeField.WeekOfYearSunday, 2);
                return true;
            case 'W':
                Number(TimeField.WeekOfYearMonday, 2);
                return true;
            case 'V':
                Number(TimeField.IsoWeek, 2);
                return true;
            case 'G':
                Number(TimeField.IsoYear, 0);
                return true;
            case 'g':
                Number(TimeField.IsoYearTwoDigits, 2);
                return true;
            case 'H':
                Number(TimeField.Hour, 2);
                return true;
            case 'k':
                Number(TimeField.HourSpacePadded, 2, ' ');
                return true;
            case 'I':
                Number(TimeField.Hour12, 2);
                return true;
            case 'l':
                Number(TimeField.Hour12SpacePadded, 2, ' ');
                return true;
            case 'M':
                Number(TimeField.Minute, 2);
                return true;
            case 'S':
                if (modifier == 'E' && (star || width >= 0))
                {
                    tokens.Add(new TimeToken(TimeField.SecondWithFraction, null, star ? -1 : width, '0'));
                }
                else
                {
                    Number(TimeField.Second, 2);
                }

                return true;
            case 'p':
                Text(TimeField.AmPm);
                return true;
            case 'P':
                Text(TimeField.AmPmLower);
                return true;
            case 'z':
                Text(modifier == 'E' ? TimeField.OffsetExtended : TimeField.OffsetBasic);
                return true;
            case 'Z':
                Text(TimeField.ZoneName);
                return true;
            case 's':
                Text(TimeField.EpochSeconds);
                return true;
            case 'f':
                tokens.Add(new TimeToken(TimeField.Fraction, null, width is >= 1 and <= 9 ? width : 9, '0'));
                return true;
            case 'T':
            case 'X':
                Number(TimeField.Hour, 2);
                Lit(":");
                Number(TimeField.Minute, 2);
                Lit(":");
                Number(TimeField.Second, 2);
                return true;
            case 'R':
                Number(TimeField.Hour, 2);
                Lit(":");
                Number(TimeField.Minute, 2);
                return true;
            case 'r':
                Number(TimeField.Hour12, 2);
                Lit(":");
                Number(TimeField.Minute, 2);
                Lit(":");
                Number(TimeField.Second, 2);
                Lit(" ");
                Text(TimeField.AmPm);
                return true;
            case 'D':
            case 'x':
                Number(TimeField.Month, 2);
                Lit("/");
                Number(TimeField.Day, 2);
                Lit("/");
                Number(TimeField.YearTwoDigits, 2);
                return true;
            case 'F':
                Number(TimeField.Year, 4);
                Lit("-");
                Number(TimeField.Month, 2);
                Lit("-");
                Number(TimeField.Day, 2);
                return true;
            case 'c':
                // C locale: "%a %b %e %H:%M:%S %Y".
                Text(TimeField.WeekdayAbbreviation);
                Lit(" ");
                Text(TimeField.MonthAbbreviation);
                Lit(" ");
                Number(TimeField.DaySpacePadded, 2, ' ');
                Lit(" ");
                Number(TimeField.Hour, 2);
                Lit(":");
                Number(TimeField.Minute, 2);
                Lit(":");
                Number(TimeField.Second, 2);
                Lit(" ");
                Number(TimeField.Year, 0);
                return true;
            default:
                return false;
        }
    }
}
