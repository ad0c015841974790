using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// route.v3.HeaderMatcher against the request headers, with Envoy's HeaderUtility::matchHeaders rules: the
/// values of a repeated header are joined with ","; a missing header matches only <c>present_match: false</c>
/// (or, inverted, <c>present_match: true</c>) unless <c>treat_missing_header_as_empty</c>; otherwise the
/// result is flipped by <c>invert_match</c>. Pseudo-headers (<c>:path</c>, <c>:method</c>, <c>:authority</c>,
/// <c>:scheme</c>) are read from the request.
/// </summary>
public sealed class HeaderMatcher
{
    private readonly PseudoHeader _pseudo;
    private readonly Regex? _regex;

    public HeaderMatcher(
        string name,
        HeaderMatchKind kind,
        string value = "",
        bool present = true,
        long rangeStart = 0,
        long rangeEnd = 0,
        StringMatcher? stringMatcher = null,
        Regex? regex = null,
        bool invert = false,
        bool treatMissingAsEmpty = false)
    {
        Name = name.ToLowerInvariant();
        _pseudo = ExchangeHeaders.Classify(Name);
        Kind = kind;
        Value = value;
        Present = present;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
        StringMatcher = stringMatcher;
        _regex = regex;
        Invert = invert;
        TreatMissingAsEmpty = treatMissingAsEmpty;
    }

    public string Name { get; }

    public HeaderMatchKind Kind { get; }

    public string Value { get; }

    public bool Present { get; }

    public long RangeStart { get; }

    public long RangeEnd { get; }

    public StringMatcher? StringMatcher { get; }

    public bool Invert { get; }

    public bool TreatMissingAsEmpty { get; }

    public bool Matches(StreamInfo.StreamInfo info, HttpContext? http)
    {
        string? value;
        if (_pseudo != PseudoHeader.None)
        {
            value = ExchangeHeaders.RequestPseudo(_pseudo, http);
        }
        else
        {
            value = ExchangeHeaders.TryGetAll(ExchangeHeaders.Request(info, http), Name, out var joined) ? joined : null;
        }

        if (value is null)
        {
            if (!TreatMissingAsEmpty)
            {
                return Kind == HeaderMatchKind.Present && (Invert ? Present : !Present);
            }

            value = string.Empty;
        }

        bool match;
        switch (Kind)
        {
            case HeaderMatchKind.Present:
                match = Present;
                break;
            case HeaderMatchKind.Exact:
                match = Value.Length == 0 || value == Value;
                break;
            case HeaderMatchKind.Regex:
                match = _regex!.IsMatch(value);
                break;
            case HeaderMatchKind.Range:
                match = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    && number >= RangeStart && number < RangeEnd;
                break;
            case HeaderMatchKind.Prefix:
                match = value.StartsWith(Value, StringComparison.Ordinal);
                break;
            case HeaderMatchKind.Suffix:
                match = value.EndsWith(Value, StringComparison.Ordinal);
                break;
            case HeaderMatchKind.Contains:
                match = value.Contains(Value, StringComparison.Ordinal);
                break;
            default:
                match = StringMatcher!.Matches(value);
                break;
        }

        return match != Invert;
    }
}
