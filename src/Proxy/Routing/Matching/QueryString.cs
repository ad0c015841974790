namespace Proxy.Routing.Matching;

/// <summary>
/// Reads query parameters straight out of the raw <c>:path</c>, as Envoy's
/// <c>QueryParamsMulti::parseQueryString</c>: everything after the first '?', split on '&amp;', name up to the
/// first '=', no percent-decoding, a parameter without '=' has the empty value. Allocation-free.
/// </summary>
public static class QueryString
{
    /// <summary>The value of the first parameter named <paramref name="name"/> (names compare case-sensitively).</summary>
    public static bool TryGetFirstValue(ReadOnlySpan<char> pathAndQuery, ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        int start = pathAndQuery.IndexOf('?');
        if (start >= 0)
        {
            ReadOnlySpan<char> rest = pathAndQuery.Slice(start + 1);
            while (true)
            {
                int amp = rest.IndexOf('&');
                ReadOnlySpan<char> parameter = amp < 0 ? rest : rest.Slice(0, amp);
                int equals = parameter.IndexOf('=');
                ReadOnlySpan<char> key = equals < 0 ? parameter : parameter.Slice(0, equals);
                if (key.SequenceEqual(name))
                {
                    value = equals < 0 ? ReadOnlySpan<char>.Empty : parameter.Slice(equals + 1);
                    return true;
                }

                if (amp < 0)
                {
                    break;
                }

                rest = rest.Slice(amp + 1);
            }
        }

        value = ReadOnlySpan<char>.Empty;
        return false;
    }
}
