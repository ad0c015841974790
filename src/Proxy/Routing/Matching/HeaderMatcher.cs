using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Proxy.Routing.Matching;

/// <summary>
/// Envoy's route HeaderMatcher. A missing header fails every specifier except <c>present_match</c>, before
/// <c>invert_match</c> is applied, unless <c>treat_missing_header_as_empty</c> makes it the empty string.
/// </summary>
public sealed class HeaderMatcher
{
    public HeaderMatcher(
        string name,
        HeaderMatchKind kind,
        StringMatcher? stringMatcher = null,
        long rangeStart = 0,
        long rangeEnd = 0,
        bool present = true,
        bool invert = false,
        bool treatMissingAsEmpty = false)
    {
        Name = name;
        Kind = kind;
        StringMatcher = stringMatcher;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
        Present = present;
        Invert = invert;
        TreatMissingAsEmpty = treatMissingAsEmpty;
    }

    /// <summary>Lower-case header name, or a pseudo-header such as <c>:method</c>.</summary>
    public string Name { get; }

    public HeaderMatchKind Kind { get; }

    public StringMatcher? StringMatcher { get; }

    /// <summary>Inclusive start of <c>range_match</c>.</summary>
    public long RangeStart { get; }

    /// <summary>Exclusive end of <c>range_match</c>.</summary>
    public long RangeEnd { get; }

    /// <summary>For <see cref="HeaderMatchKind.Present"/>: true matches a present header, false an absent one.</summary>
    public bool Present { get; }

    public bool Invert { get; }

    public bool TreatMissingAsEmpty { get; }

    public bool Matches(in RequestView request)
    {
        bool found = HeaderValues.TryGetJoined(request, Name, out string value);
        return Evaluate(found, value);
    }

    /// <summary>Against plain headers, e.g. an upstream response for <c>retriable_headers</c>.</summary>
    public bool Matches(IHeaderDictionary headers)
    {
        bool found = HeaderValues.TryGetJoined(headers, Name, out string value);
        return Evaluate(found, value);
    }

    /// <summary>True when every matcher matches (Envoy's <c>HeaderUtility::matchHeaders</c>).</summary>
    public static bool MatchAll(HeaderMatcher[] matchers, in RequestView request)
    {
        for (int i = 0; i < matchers.Length; i++)
        {
            if (!matchers[i].Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    private bool Evaluate(bool found, string value)
    {
        if (Kind == HeaderMatchKind.Present)
        {
            return (found == Present) != Invert;
        }

        if (!found && !TreatMissingAsEmpty)
        {
            return false;
        }

        bool matched = Kind == HeaderMatchKind.Range ? InRange(value) : StringMatcher!.Matches(value);
        return matched != Invert;
    }

    private bool InRange(string value)
    {
        // Envoy parses with absl::SimpleAtoi: optional sign, base-10 digits, surrounding ASCII whitespace.
        ReadOnlySpan<char> trimmed = value.AsSpan().Trim(" \t\r\n\v\f");
        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
        {
            return false;
        }

        return number >= RangeStart && number < RangeEnd;
    }
}
