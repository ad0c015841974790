using Microsoft.Extensions.Logging;
using Proxy.Logging;

namespace Proxy.Tests.Logging;

public sealed class LogPatternTests
{
    // Thursday 2020-04-09T16:52:30.4714253Z
    private static readonly DateTimeOffset Instant = new DateTimeOffset(2020, 4, 9, 16, 52, 30, TimeSpan.Zero).AddTicks(4714253);

    private static string Format(string pattern, string message = "hello", LogLevel level = LogLevel.Information, DateTimeOffset? time = null) =>
        LogPattern.Parse(pattern).Format(new LogEntry(time ?? Instant, level, "upstream", message, 42));

    [Fact]
    public void DefaultFormat()
    {
        Assert.Equal("[2020-04-09 16:52:30.471][42][info][upstream] hello", Format(LogPattern.DefaultFormat));
    }

    [Fact]
    public void IstiosTextFormatPrintsEmptySourceLocation()
    {
        // istio bootstrap golden application_log_config.log_format.text_format.
        Assert.Equal(
            "2020-04-09T16:52:30.471425Z\twarning\tenvoy upstream :\thello\tthread=42",
            Format("%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t", level: LogLevel.Warning));
    }

    [Theory]
    [InlineData("%L", "I")]
    [InlineData("%H:%M:%S", "16:52:30")]
    [InlineData("%I %p", "04 PM")]
    [InlineData("%r", "04:52:30 PM")]
    [InlineData("%R", "16:52")]
    [InlineData("%D", "04/09/20")]
    [InlineData("%C", "20")]
    [InlineData("%F", "471425300")]
    [InlineData("%a %A %b %B", "Thu Thursday Apr April")]
    [InlineData("%c", "Thu Apr 09 16:52:30 2020")]
    [InlineData("%z", "+00:00")]
    [InlineData("%E", "1586451150")]
    [InlineData("100%%", "100%")]
    [InlineData("%^%l%$", "info")]
    [InlineData("%@%s%!%*", "")]
    [InlineData("%k", "%k")]
    public void Flags(string pattern, string expected) => Assert.Equal(expected, Format(pattern));

    [Fact]
    public void ProcessId() => Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Format("%P"));

    [Fact]
    public void OffsetsPrintInTheEntrysZone()
    {
        var local = Instant.ToOffset(TimeSpan.FromHours(-5.5));

        Assert.Equal("11:22 -05:30", Format("%H:%M %z", time: local));
    }

    [Theory]
    [InlineData("[%8l]", "[    info]")]
    [InlineData("[%-8l]", "[info    ]")]
    [InlineData("[%=8l]", "[  info  ]")]
    [InlineData("[%2l]", "[info]")]
    [InlineData("[%2!l]", "[in]")]
    public void Padding(string pattern, string expected) => Assert.Equal(expected, Format(pattern));

    [Fact]
    public void MessageEscapes()
    {
        const string message = "a\n\"b\"\tc\\";

        Assert.Equal(message, Format("%v", message));
        Assert.Equal("a\\n\"b\"\tc\\", Format("%_", message));
        Assert.Equal("a\\n\\\"b\\\"\\tc\\\\", Format("%j", message));
        Assert.Equal("\\u0001", Format("%j", "\u0001"));
    }

    [Fact]
    public void CEscapeEscapesTheWholeLineAsBytes()
    {
        Assert.Equal("a\\nb\\t\\\"\\'\\\\ \\303\\251\\001", LogEscaping.CEscape("a\nb\t\"'\\ é\u0001"));
    }
}
