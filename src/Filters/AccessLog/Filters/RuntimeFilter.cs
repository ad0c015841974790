using System.Globalization;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// <c>runtime_filter</c>: samples <c>percent_sampled</c> (0% of 100 when unset, as Envoy; there is no runtime
/// layer to override it under <c>runtime_key</c>). Unless <c>use_independent_randomness</c>, the sample is drawn
/// from the request ID (first 8 hex digits of the x-request-id UUID) so every log of one request agrees, as
/// Envoy's UUID request ID extension does; without a usable request ID the injected randomness decides.
/// </summary>
public sealed class RuntimeFilter : IAccessLogFilter
{
    private readonly Random _random;

    public RuntimeFilter(uint numerator, uint denominator, bool useIndependentRandomness, Random random)
    {
        Numerator = numerator;
        Denominator = denominator;
        UseIndependentRandomness = useIndependentRandomness;
        _random = random;
    }

    public uint Numerator { get; }

    /// <summary>100, 10 000 or 1 000 000 (FractionalPercent's denominators).</summary>
    public uint Denominator { get; }

    public bool UseIndependentRandomness { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        ulong sample;
        if (UseIndependentRandomness || !TryRequestIdInteger(info, http, out sample))
        {
            sample = (ulong)_random.NextInt64();
        }

        return sample % Denominator < Numerator;
    }

    private static bool TryRequestIdInteger(StreamInfo.StreamInfo info, HttpContext? http, out ulong value)
    {
        var id = info.RequestId;
        if (string.IsNullOrEmpty(id) && ExchangeHeaders.TryGetFirst(ExchangeHeaders.Request(info, http), "x-request-id", out var header))
        {
            id = header;
        }

        value = 0;
        return id is { Length: >= 8 }
            && ulong.TryParse(id.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
