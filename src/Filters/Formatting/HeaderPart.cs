namespace Proxy.Filters.Formatting;

/// <summary>
/// <c>%REQ(X?Y):Z%</c>, <c>%RESP(X?Y):Z%</c>, <c>%TRAILER(X?Y):Z%</c> and <c>%REQ_WITHOUT_QUERY(X?Y):Z%</c>:
/// header X, else header Y when X is absent, truncated to Z characters; "-" when neither is present.
/// Request pseudo-headers come from Kestrel's request (<c>:method</c>, <c>:path</c> = PathBase + Path +
/// QueryString, <c>:authority</c> = Host, <c>:scheme</c>, <c>:protocol</c> = RFC 8441 extended CONNECT
/// protocol); <c>%RESP(:STATUS)%</c> is the response code.
/// </summary>
internal sealed class HeaderPart : FormatPart
{
    private readonly HeaderSource _source;
    private readonly string _main;
    private readonly PseudoHeader _mainPseudo;
    private readonly string? _alternative;
    private readonly PseudoHeader _alternativePseudo;
    private readonly int _maxLength;
    private readonly bool _withoutQuery;

    /// <param name="main">Lower-cased header name.</param>
    /// <param name="alternative">Lower-cased alternative name, or null.</param>
    /// <param name="maxLength">Truncation length, or -1 for none.</param>
    /// <param name="withoutQuery">Drop everything from the first '?' (Envoy's req_without_query formatter).</param>
    public HeaderPart(HeaderSource source, string main, string? alternative, int maxLength, bool withoutQuery)
    {
        _source = source;
        _main = main;
        _mainPseudo = ExchangeHeaders.Classify(main);
        _alternative = alternative;
        _alternativePseudo = alternative is null ? PseudoHeader.None : ExchangeHeaders.Classify(alternative);
        _maxLength = maxLength;
        _withoutQuery = withoutQuery;
    }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var start = output.Length;
        if (!WriteOne(context, _main, _mainPseudo, output)
            && (_alternative is null || !WriteOne(context, _alternative, _alternativePseudo, output)))
        {
            return ValueKind.Null;
        }

        if (_maxLength >= 0)
        {
            output.Truncate(start + _maxLength);
        }

        return ValueKind.String;
    }

    private bool WriteOne(in FormatContext context, string name, PseudoHeader pseudo, LogBuffer output)
    {
        if (pseudo != PseudoHeader.None)
        {
            return WritePseudo(context, pseudo, output);
        }

        var headers = ExchangeHeaders.Get(_source, context.Info, context.Http);
        if (!ExchangeHeaders.TryGetFirst(headers, name, out var value))
        {
            return false;
        }

        AppendValue(value, output);
        return true;
    }

    private bool WritePseudo(in FormatContext context, PseudoHeader pseudo, LogBuffer output)
    {
        if (_source == HeaderSource.Response)
        {
            if (pseudo != PseudoHeader.Status)
            {
                return false;
            }

            var code = context.Info.ResponseCode;
            if (code == 0 && context.Http is { Response.HasStarted: true } http)
            {
                code = http.Response.StatusCode;
            }

            if (code == 0)
            {
                return false;
            }

            output.Append(code);
            return true;
        }

        if (_source != HeaderSource.Request || context.Http is null)
        {
            return false;
        }

        var request = context.Http.Request;
        switch (pseudo)
        {
            case PseudoHeader.Path:
                // Written piece by piece so logging the path builds no string.
                output.Append(request.PathBase.Value);
                output.Append(request.Path.Value);
                if (!_withoutQuery)
                {
                    output.Append(request.QueryString.Value);
                }

                return true;
            case PseudoHeader.Method:
                return AppendIfPresent(request.Method, output);
            case PseudoHeader.Authority:
                return request.Host.HasValue && AppendIfPresent(request.Host.Value, output);
            case PseudoHeader.Scheme:
                return AppendIfPresent(request.Scheme, output);
            case PseudoHeader.Protocol:
                return AppendIfPresent(ExchangeHeaders.ExtendedConnectProtocol(context.Http), output);
            default:
                return false;
        }
    }

    private bool AppendIfPresent(string? value, LogBuffer output)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        AppendValue(value, output);
        return true;
    }

    private void AppendValue(string value, LogBuffer output)
    {
        if (_withoutQuery)
        {
            var query = value.IndexOf('?');
            if (query >= 0)
            {
                output.Append(value.AsSpan(0, query));
                return;
            }
        }

        output.Append(value);
    }
}
