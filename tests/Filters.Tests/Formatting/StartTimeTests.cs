using Proxy.Filters.Formatting;
using Proxy.Filters.Tests.Support;

namespace Proxy.Filters.Tests.Formatting;

public sealed class StartTimeTests
{
    // 2018-06-05T17:28:13.123456789Z as close as 100 ns ticks get: .1234567
    private static readonly DateTimeOffset Start = new DateTimeOffset(2018, 6, 5, 17, 28, 13, TimeSpan.Zero).AddTicks(1_234_567);

    [Theory]
    [InlineData("%START_TIME%", "2018-06-05T17:28:13.123Z")]
    [InlineData("%START_TIME(%Y/%m/%dT%H:%M:%S%z %s)%", "2018/06/05T17:28:13+0000 1528219693")]
    [InlineData("%START_TIME(%s.%3f)%", "1528219693.123")]
    [InlineData("%START_TIME(%s.%6f)%", "1528219693.123456")]
    [InlineData("%START_TIME(%s.%9f)%", "1528219693.123456700")]
    [InlineData("%START_TIME(%f)%", "123456700")]
    [InlineData("%START_TIME(%1f)%", "1")]
    [InlineData("%START_TIME(%E3S|%E*S|%E6S)%", "13.123|13.1234567|13.123456")]
    [InlineData("%START_TIME(%a %A %b %B %j %u %w %y %C %e)%", "Tue Tuesday Jun June 156 2 2 18 20  5")]
    [InlineData("%START_TIME(%F %T %D %R %r)%", "2018-06-05 17:28:13 06/05/18 17:28 05:28:13 PM")]
    [InlineData("%START_TIME(%c)%", "Tue Jun  5 17:28:13 2018")]
    [InlineData("%START_TIME(%I %p %P %k %l)%", "05 PM pm 17  5")]
    [InlineData("%START_TIME(%U %W %V %G %g)%", "22 23 23 2018 18")]
    [InlineData("%START_TIME(%Z %Ez %%)%", "UTC +00:00 %")]
    [InlineData("%START_TIME(%-d/%-m %_H)%", "5/6 17")]
    [InlineData("%START_TIME(%q)%", "%q")]
    [InlineData("%START_TIME(tab%there)%", "tab\there")]
    public void StartTimeFormats(string format, string expected)
    {
        var info = new StreamInfo.StreamInfo { StartTime = Start };

        Assert.Equal(expected, SubstitutionFormatter.Parse(format).Format(info));
    }

    [Fact]
    public void WholeSecondsPrintNoFractionForStarPrecision()
    {
        var info = new StreamInfo.StreamInfo { StartTime = new DateTimeOffset(2018, 6, 5, 17, 28, 13, TimeSpan.Zero) };

        Assert.Equal("13", SubstitutionFormatter.Parse("%START_TIME(%E*S)%").Format(info));
    }

    [Fact]
    public void StartTimeIsPrintedInUtcWhateverTheOffsetRecorded()
    {
        var info = new StreamInfo.StreamInfo { StartTime = new DateTimeOffset(2018, 6, 5, 19, 28, 13, 5, TimeSpan.FromHours(2)) };

        Assert.Equal("2018-06-05T17:28:13.005Z", SubstitutionFormatter.Parse("%START_TIME%").Format(info));
    }

    [Fact]
    public void LocalStartTimeCarriesTheLocalOffset()
    {
        var info = new StreamInfo.StreamInfo { StartTime = Start };
        var local = TimeZoneInfo.ConvertTime(Start, TimeZoneInfo.Local);
        var offset = local.Offset;
        var expected = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)
            + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hhmm", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, SubstitutionFormatter.Parse("%START_TIME_LOCAL%").Format(info));
    }

    [Fact]
    public void EmitTimeIsTheClocksNow()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var formatter = SubstitutionFormatter.Parse("%EMIT_TIME(%s)%", options: new FormatterOptions { TimeProvider = clock });
        clock.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal("1577836890", formatter.Format(new StreamInfo.StreamInfo { StartTime = Start }));
    }
}
