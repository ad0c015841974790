using System.Globalization;
using System.Text;

namespace Proxy.Stats;

/// <summary>
/// Formats doubles the way Envoy's admin output does (fmt and printf), so /stats text and Prometheus
/// lines read the same: <see cref="General"/> is C's <c>%.Ng</c> (fmt <c>{:g}</c>, <c>{:.32g}</c>) and
/// <see cref="Shortest"/> is fmt's <c>{}</c> (shortest round-trip digits, fixed notation for decimal
/// exponents in [-4, 16)). NaN prints as <c>nan</c>, infinities as <c>inf</c>.
/// </summary>
internal static class NumberFormat
{
    /// <summary>C's <c>%.{precision}g</c>: rounded to <paramref name="precision"/> significant digits, trailing zeros removed.</summary>
    public static string General(double value, int precision)
    {
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        // "E{p-1}" gives exactly p significant digits, correctly rounded, and the decimal exponent.
        var s = Math.Abs(value).ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
        var e = s.IndexOf('E');
        var digits = s[..e].Replace(".", string.Empty, StringComparison.Ordinal);
        var exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return Render(value < 0 || double.IsNegative(value), digits, exponent, precision);
    }

    /// <summary>fmt's <c>{}</c>: the shortest digits that round-trip.</summary>
    public static string Shortest(double value)
    {
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        var s = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent;
        var e = s.IndexOf('E');
        if (e >= 0)
        {
            digits = s[..e].Replace(".", string.Empty, StringComparison.Ordinal);
            exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            var point = s.IndexOf('.');
            var integer = point < 0 ? s : s[..point];
            var fraction = point < 0 ? string.Empty : s[(point + 1)..];
            var all = integer + fraction;
            var firstNonZero = 0;
            while (firstNonZero < all.Length - 1 && all[firstNonZero] == '0')
            {
                firstNonZero++;
            }

            digits = all[firstNonZero..];
            exponent = integer.Length - 1 - firstNonZero;
        }

        return Render(double.IsNegative(value), digits, exponent, 16);
    }

    // digits: significant digits (first non-zero unless the value is 0), exponent: of the first digit.
    private static string Render(bool negative, string digits, int exponent, int fixedUpper)
    {
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        var sb = new StringBuilder(digits.Length + 8);
        if (negative)
        {
            sb.Append('-');
        }

        if (exponent < -4 || exponent >= fixedUpper)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            var magnitude = Math.Abs(exponent);
            if (magnitude < 10)
            {
                sb.Append('0');
            }

            sb.Append(magnitude.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (exponent < 0)
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(digits);
            return sb.ToString();
        }

        if (digits.Length <= exponent + 1)
        {
            sb.Append(digits).Append('0', exponent + 1 - digits.Length);
            return sb.ToString();
        }

        sb.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
        return sb.ToString();
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
}
