namespace Proxy.Filters.Formatting;

/// <summary>
/// String-valued operators (<see cref="TextField"/>), with Envoy's cleanups: whitespace in
/// <c>%RESPONSE_CODE_DETAILS%</c> becomes '_' unless <c>(ALLOW_WHITESPACES)</c>, spaces in
/// <c>%UPSTREAM_TRANSPORT_FAILURE_REASON%</c> become '_', and characters not valid in a host name in
/// <c>%REQUESTED_SERVER_NAME%</c> become '_' behind an "invalid:" prefix (sanitize_sni_in_access_log).
/// </summary>
internal sealed class TextFieldPart : FormatPart
{
    private static readonly string[] LogTypeNames =
    [
        "NotSet", "TcpUpstreamConnected", "TcpPeriodic", "TcpConnectionEnd", "DownstreamStart", "DownstreamPeriodic",
        "DownstreamEnd", "UpstreamPoolReady", "UpstreamPeriodic", "UpstreamEnd",
        "DownstreamTunnelSuccessfullyEstablished", "UdpTunnelUpstreamConnected", "UdpPeriodic", "UdpSessionEnd",
    ];

    private readonly TextField _field;

    public TextFieldPart(TextField field) => _field = field;

    public static string LogTypeName(AccessLog.AccessLogType type) =>
        (uint)type < (uint)LogTypeNames.Length ? LogTypeNames[(int)type] : ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var info = context.Info;
        switch (_field)
        {
            case TextField.Protocol:
                return ProtocolName(info.Protocol, context.TypedJson, output);
            case TextField.UpstreamProtocol:
                // Not recorded yet (the upstream HTTP version is chosen by the forwarder).
                return ProtocolName(null, context.TypedJson, output);
            case TextField.ResponseCodeDetails:
                return Replaced(info.ResponseCodeDetails, output, allWhitespace: true);
            case TextField.ResponseCodeDetailsWithWhitespace:
                return Plain(info.ResponseCodeDetails, output);
            case TextField.ConnectionTerminationDetails:
                return Plain(info.ConnectionTerminationDetails, output);
            case TextField.ResponseFlags:
                // "-" when no flag is set is the value itself, also in typed JSON (Envoy's toShortString).
                output.Append(StreamInfo.ResponseFlagNames.ToShortString(info.ResponseFlags));
                return ValueKind.String;
            case TextField.ResponseFlagsLong:
                output.Append(StreamInfo.ResponseFlagNames.ToLongString(info.ResponseFlags));
                return ValueKind.String;
            case TextField.UpstreamHost:
                return Plain(info.UpstreamHost, output);
            case TextField.UpstreamCluster:
                return Plain(info.UpstreamClusterName, output);
            case TextField.UpstreamTransportFailureReason:
                return Replaced(info.UpstreamTransportFailureReason, output, allWhitespace: false);
            case TextField.RequestedServerName:
                return Sanitized(info.RequestedServerName, output);
            case TextField.RouteName:
                return Plain(info.RouteName, output);
            case TextField.FilterChainName:
                return Plain(info.FilterChainName, output);
            case TextField.StreamId:
                return Plain(info.RequestId, output);
            case TextField.AccessLogType:
                output.Append(LogTypeName(context.LogType));
                return ValueKind.String;
            default:
                // %LOCAL_REPLY_BODY% is the body, empty when Envoy generated none (not "-").
                output.Append(context.LocalReplyBody);
                return ValueKind.String;
        }
    }

    /// <summary>
    /// Envoy documents that typed JSON logs render the string "-" for an unknown (UPSTREAM_)PROTOCOL, e.g. on
    /// TCP streams, rather than null; text logs treat it as any missing value.
    /// </summary>
    private static ValueKind ProtocolName(string? protocol, bool typedJson, LogBuffer output)
    {
        if (string.IsNullOrEmpty(protocol) && typedJson)
        {
            output.Append('-');
            return ValueKind.String;
        }

        return Plain(protocol, output);
    }

    private static ValueKind Plain(string? value, LogBuffer output)
    {
        if (string.IsNullOrEmpty(value))
        {
            return ValueKind.Null;
        }

        output.Append(value);
        return ValueKind.String;
    }

    private static ValueKind Replaced(string? value, LogBuffer output, bool allWhitespace)
    {
        if (string.IsNullOrEmpty(value))
        {
            return ValueKind.Null;
        }

        foreach (var c in value)
        {
            var blank = c == ' ' || (allWhitespace && c is '\t' or '\f' or '\v' or '\n' or '\r');
            output.Append(blank ? '_' : c);
        }

        return ValueKind.String;
    }

    private static ValueKind Sanitized(string? value, LogBuffer output)
    {
        if (string.IsNullOrEmpty(value))
        {
            return ValueKind.Null;
        }

        // Envoy's sanitizeInvalidHostname: anything but [A-Za-z0-9.-] becomes '_', and the value is then
        // marked with an "invalid:" prefix so a forged SNI cannot pass for a real one in the log.
        var valid = true;
        foreach (var c in value)
        {
            if (!IsHostNameChar(c))
            {
                valid = false;
                break;
            }
        }

        if (valid)
        {
            output.Append(value);
            return ValueKind.String;
        }

        output.Append("invalid:");
        foreach (var c in value)
        {
            output.Append(IsHostNameChar(c) ? c : '_');
        }

        return ValueKind.String;
    }

    private static bool IsHostNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';
}
