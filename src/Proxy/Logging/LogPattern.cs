using System.Globalization;
using System.Text;

namespace Proxy.Logging;

/// <summary>
/// A compiled <c>--log-format</c> (spdlog pattern syntax, https://github.com/gabime/spdlog/wiki/3.-Custom-formatting,
/// plus Envoy's own flags). Supported: %v message, %_ message with newlines escaped, %j message JSON-escaped,
/// %+ (Envoy: message JSON-escaped, what json_format uses), %* (Envoy: log tags, none here), %t thread,
/// %P process id, %n logger (component), %l level, %L level letter, time %Y %C %m %d %H %I %M %S %e %f %F %p
/// %T %X %D %x %R %r %z %E %a %A %b %h %B %c, %% a percent sign. Source-location flags (%@ %s %g %# %!) print
/// nothing: .NET loggers carry no file/line. Color flags (%^ %$) print nothing. Padding as in spdlog:
/// %8l (right-aligned), %-8l (left), %=8l (centered), a trailing ! truncates. Unknown flags print as written.
/// Compiled once at startup; formatting only runs for enabled events.
/// </summary>
public sealed class LogPattern
{
    /// <summary>The proxy's default format. Envoy's adds "[%g:%#] " before %v, which would print "[:]" here.</summary>
    public const string DefaultFormat = "[%Y-%m-%d %T.%e][%t][%l][%n] %v";

    private static readonly string[] ShortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] ShortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] LongMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private readonly Segment[] _segments;

    private LogPattern(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The pattern as given.</summary>
    public string Text { get; }

    public static LogPattern Default { get; } = Parse(DefaultFormat);

    public static LogPattern Parse(string pattern)
    {
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i++];
            if (c != '%')
            {
                literal.Append(c);
                continue;
            }

            // spdlog: %[-|=]<width>[!]<flag>
            var align = Align.Right;
            var width = 0;
            var truncate = false;
            if (i < pattern.Length && (pattern[i] == '-' || pattern[i] == '='))
            {
                align = pattern[i] == '-' ? Align.Left : Align.Center;
                i++;
            }

            while (i < pattern.Length && char.IsAsciiDigit(pattern[i]) && width < 64)
            {
                width = (width * 10) + (pattern[i++] - '0');
            }

            if (i < pattern.Length && pattern[i] == '!' && width > 0)
            {
                truncate = true;
                i++;
            }

            if (i >= pattern.Length)
            {
                break;
            }

            var flag = pattern[i++];
            if (flag == '%')
            {
                literal.Append('%');
                continue;
            }

            if (!IsKnownFlag(flag))
            {
                literal.Append('%').Append(flag);
                continue;
            }

            if (literal.Length > 0)
            {
                segments.Add(Segment.ForLiteral(literal.ToString()));
                literal.Clear();
            }

            segments.Add(new Segment(flag, null, Math.Min(width, 64), align, truncate));
        }

        if (literal.Length > 0)
        {
            segments.Add(Segment.ForLiteral(literal.ToString()));
        }

        return new LogPattern(pattern, [.. segments]);
    }

    /// <summary>The formatted line, without a line terminator.</summary>
    public string Format(in LogEntry entry)
    {
        var output = new StringBuilder(128);
        Format(entry, output);
        return output.ToString();
    }

    public void Format(in LogEntry entry, StringBuilder output)
    {
        foreach (var segment in _segments)
        {
            if (segment.Flag == '\0')
            {
                output.Append(segment.Literal);
                continue;
            }

            var start = output.Length;
            AppendFlag(segment.Flag, entry, output);
            if (segment.Width > 0)
            {
                Pad(output, start, segment);
            }
        }
    }

    private static void Pad(StringBuilder output, int start, Segment segment)
    {
        var length = output.Length - start;
        if (length > segment.Width)
        {
            if (segment.Truncate)
            {
                output.Length = start + segment.Width;
            }

            return;
        }

        var missing = segment.Width - length;
        switch (segment.Align)
        {
            case Align.Right:
                output.Insert(start, " ", missing);
                break;
            case Align.Left:
                output.Append(' ', missing);
                break;
            default:
                output.Insert(start, " ", missing / 2);
                output.Append(' ', missing - (missing / 2));
                break;
        }
    }

    private static bool IsKnownFlag(char flag) => "v_j+*tPnlLYCmdHIMSefFpTXDxRrzEaAbhBc@sg#!^$".Contains(flag, StringComparison.Ordinal);

    private static void AppendFlag(char flag, in LogEntry entry, StringBuilder output)
    {
        var t = entry.Time;
        switch (flag)
        {
            case 'v': output.Append(entry.Message); break;
            case '_': LogEscaping.AppendNewlineEscaped(output, entry.Message); break;
            case 'j':
            case '+': LogEscaping.AppendJsonEscaped(output, entry.Message); break;
            case 't': output.Append(entry.ThreadId); break;
            case 'P': output.Append(Environment.ProcessId); break;
            case 'n': output.Append(entry.Component); break;
            case 'l': output.Append(LogLevelNames.Name(entry.Level)); break;
            case 'L': output.Append(LogLevelNames.ShortName(entry.Level)); break;
            case 'Y': Digits(output, t.Year, 4); break;
            case 'C': Digits(output, t.Year % 100, 2); break;
            case 'm': Digits(output, t.Month, 2); break;
            case 'd': Digits(output, t.Day, 2); break;
            case 'H': Digits(output, t.Hour, 2); break;
            case 'I': Digits(output, Hour12(t), 2); break;
            case 'M': Digits(output, t.Minute, 2); break;
            case 'S': Digits(output, t.Second, 2); break;
            case 'e': Digits(output, t.Millisecond, 3); break;
            case 'f': Digits(output, (int)(t.Ticks % TimeSpan.TicksPerSecond / 10), 6); break;
            case 'F': Digits(output, (int)(t.Ticks % TimeSpan.TicksPerSecond * 100), 9); break;
            case 'p': output.Append(t.Hour < 12 ? "AM" : "PM"); break;
            case 'T':
            case 'X':
                Digits(output, t.Hour, 2); output.Append(':'); Digits(output, t.Minute, 2); output.Append(':'); Digits(output, t.Second, 2);
                break;
            case 'D':
            case 'x':
                Digits(output, t.Month, 2); output.Append('/'); Digits(output, t.Day, 2); output.Append('/'); Digits(output, t.Year % 100, 2);
                break;
            case 'R': Digits(output, t.Hour, 2); output.Append(':'); Digits(output, t.Minute, 2); break;
            case 'r':
                Digits(output, Hour12(t), 2); output.Append(':'); Digits(output, t.Minute, 2); output.Append(':'); Digits(output, t.Second, 2);
                output.Append(t.Hour < 12 ? " AM" : " PM");
                break;
            case 'z':
                var offset = t.Offset;
                output.Append(offset < TimeSpan.Zero ? '-' : '+');
                offset = offset.Duration();
                Digits(output, offset.Hours, 2); output.Append(':'); Digits(output, offset.Minutes, 2);
                break;
            case 'E': output.Append(t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)); break;
            case 'a': output.Append(ShortDays[(int)t.DayOfWeek]); break;
            case 'A': output.Append(LongDays[(int)t.DayOfWeek]); break;
            case 'b':
            case 'h': output.Append(ShortMonths[t.Month - 1]); break;
            case 'B': output.Append(LongMonths[t.Month - 1]); break;
            case 'c':
                output.Append(ShortDays[(int)t.DayOfWeek]).Append(' ').Append(ShortMonths[t.Month - 1]).Append(' ');
                Digits(output, t.Day, 2); output.Append(' ');
                Digits(output, t.Hour, 2); output.Append(':'); Digits(output, t.Minute, 2); output.Append(':'); Digits(output, t.Second, 2);
                output.Append(' '); Digits(output, t.Year, 4);
                break;
            // %* (tags), source location (%@ %s %g %# %!) and colors (%^ %$): nothing to print.
            default: break;
        }
    }

    private static int Hour12(DateTimeOffset t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;

    private static void Digits(StringBuilder output, int value, int digits)
    {
        Span<char> buffer = stackalloc char[10];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        output.Append('0', Math.Max(0, digits - written)).Append(buffer[..written]);
    }

    private enum Align
    {
        Right,
        Left,
        Center,
    }

    private readonly record struct Segment(char Flag, string? Literal, int Width, Align Align, bool Truncate)
    {
        public static Segment ForLiteral(string text) => new('\0', text, 0, Align.Right, false);
    }
}
