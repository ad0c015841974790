namespace Proxy.Filters.Formatting;

/// <summary>The strftime conversions a START_TIME format can hold, plus Envoy's <c>%s</c> and <c>%f</c>.</summary>
internal enum TimeField
{
    Literal,
    Year,               // %Y
    YearTwoDigits,      // %y
    Century,            // %C
    Month,              // %m
    MonthAbbreviation,  // %b %h
    MonthName,          // %B
    Day,                // %d
    DaySpacePadded,     // %e
    DayOfYear,          // %j
    WeekdayAbbreviation, // %a
    WeekdayName,        // %A
    WeekdayMondayOne,   // %u
    WeekdaySundayZero,  // %w
    WeekOfYearSunday,   // %U
    WeekOfYearMonday,   // %W
    IsoWeek,            // %V
    IsoYear,            // %G
    IsoYearTwoDigits,   // %g
    Hour,               // %H
    HourSpacePadded,    // %k
    Hour12,             // %I
    Hour12SpacePadded,  // %l
    Minute,             // %M
    Second,             // %S
    SecondWithFraction, // %E#S, %E*S (absl)
    AmPm,               // %p
    AmPmLower,          // %P
    OffsetBasic,        // %z  +hhmm
    OffsetExtended,     // %Ez +hh:mm
    ZoneName,           // %Z
    EpochSeconds,       // %s (Envoy)
    Fraction,           // %f, %1f..%9f (Envoy)
}
