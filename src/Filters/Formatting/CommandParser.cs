using System.Text;
using Proxy.Filters.Extensions;

namespace Proxy.Filters.Formatting;

/// <summary>
/// Turns an Envoy format string into <see cref="FormatPart"/>s, once, when config arrives. Grammar as Envoy's
/// SubstitutionFormatParser: <c>%%</c> is a literal '%'; every other '%' must start
/// <c>%COMMAND(SUBCOMMAND):LENGTH%</c> with COMMAND in [A-Z0-9_]+, SUBCOMMAND without ')', LENGTH digits.
/// </summary>
internal static class CommandParser
{
    private delegate FormatPart Factory(in ParsedCommand command, FormatterOptions options);

    private static readonly Dictionary<string, (CommandSyntax Syntax, Factory Create)> Commands = BuildTable();

    public static FormatPart[] Parse(string format, FormatterOptions options)
    {
        var parts = new List<FormatPart>();
        var literal = new StringBuilder();
        var pos = 0;
        while (pos < format.Length)
        {
            var c = format[pos];
            if (c != '%')
            {
                literal.Append(c);
                pos++;
                continue;
            }

            if (pos + 1 < format.Length && format[pos + 1] == '%')
            {
                literal.Append('%');
                pos += 2;
                continue;
            }

            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString()));
                literal.Clear();
            }

            var command = ReadCommand(format, ref pos);
            if (!Commands.TryGetValue(command.Name, out var entry))
            {
                throw new ConfigException($"Not supported field in StreamInfo: {command.Name}");
            }

            VerifySyntax(entry.Syntax, command);
            parts.Add(entry.Create(command, options));
        }

        if (literal.Length > 0)
        {
            parts.Add(new LiteralPart(literal.ToString()));
        }

        return [.. parts];
    }

    private static ParsedCommand ReadCommand(string format, ref int pos)
    {
        var start = pos;
        var i = pos + 1;
        while (i < format.Length && (char.IsAsciiLetterUpper(format[i]) || char.IsAsciiDigit(format[i]) || format[i] == '_'))
        {
            i++;
        }

        var name = format[(pos + 1)..i];
        var argument = string.Empty;
        var maxLength = -1;
        var valid = name.Length > 0;
        if (valid && i < format.Length && format[i] == '(')
        {
            var close = format.IndexOf(')', i + 1);
            if (close < 0)
            {
                valid = false;
            }
            else
            {
                argument = format[(i + 1)..close];
                i = close + 1;
            }
        }

        if (valid && i < format.Length && format[i] == ':')
        {
            var digitsStart = ++i;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                i++;
            }

            valid = i > digitsStart && int.TryParse(format.AsSpan(digitsStart, i - digitsStart), out maxLength);
        }

        if (!valid || i >= format.Length || format[i] != '%')
        {
            throw new ConfigException($"Incorrect configuration: {format}. Couldn't find valid command at position {start}");
        }

        pos = i + 1;
        return new ParsedCommand(name, argument, maxLength);
    }

    private static void VerifySyntax(CommandSyntax syntax, in ParsedCommand command)
    {
        if (syntax == CommandSyntax.CommandOnly && (command.Argument.Length != 0 || command.MaxLength >= 0))
        {
            throw new ConfigException($"{command.Name} does not take any parameters or length");
        }

        if ((syntax & CommandSyntax.ParamsRequired) != 0 && command.Argument.Length == 0)
        {
            throw new ConfigException($"{command.Name} requires parameters");
        }

        if ((syntax & CommandSyntax.LengthAllowed) == 0 && command.MaxLength >= 0)
        {
            throw new ConfigException($"{command.Name} does not allow length to be specified.");
        }
    }

    private static Dictionary<string, (CommandSyntax, Factory)> BuildTable()
    {
        const CommandSyntax Only = CommandSyntax.CommandOnly;
        const CommandSyntax Optional = CommandSyntax.ParamsOptional;
        const CommandSyntax RequiredWithLength = CommandSyntax.ParamsRequired | CommandSyntax.LengthAllowed;
        var table = new Dictionary<string, (CommandSyntax, Factory)>(StringComparer.Ordinal)
        {
            ["REQ"] = (RequiredWithLength, static (in ParsedCommand c, FormatterOptions _) => Header(c, HeaderSource.Request, false)),
            ["RESP"] = (RequiredWithLength, static (in ParsedCommand c, FormatterOptions _) => Header(c, HeaderSource.Response, false)),
            ["TRAILER"] = (RequiredWithLength, static (in ParsedCommand c, FormatterOptions _) => Header(c, HeaderSource.ResponseTrailer, false)),

            // Envoy ships this as the envoy.formatter.req_without_query extension; it is built in here.
            ["REQ_WITHOUT_QUERY"] = (RequiredWithLength, static (in ParsedCommand c, FormatterOptions _) => Header(c, HeaderSource.Request, true)),

            ["START_TIME"] = (Optional, static (in ParsedCommand c, FormatterOptions _) => Time(c, local: false, null)),
            ["START_TIME_LOCAL"] = (Optional, static (in ParsedCommand c, FormatterOptions _) => Time(c, local: true, null)),
            ["EMIT_TIME"] = (Optional, static (in ParsedCommand c, FormatterOptions o) => Time(c, local: false, o.TimeProvider)),
            ["EMIT_TIME_LOCAL"] = (Optional, static (in ParsedCommand c, FormatterOptions o) => Time(c, local: true, o.TimeProvider)),

            ["DURATION"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new DurationPart(DurationKind.Total, o.TimeProvider)),
            ["REQUEST_DURATION"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new DurationPart(DurationKind.Request, o.TimeProvider)),
            ["REQUEST_TX_DURATION"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new DurationPart(DurationKind.RequestTx, o.TimeProvider)),
            ["RESPONSE_DURATION"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new DurationPart(DurationKind.Response, o.TimeProvider)),
            ["RESPONSE_TX_DURATION"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new DurationPart(DurationKind.ResponseTx, o.TimeProvider)),

            ["RESPONSE_CODE"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new NumberPart(NumberField.ResponseCode)),
            ["BYTES_RECEIVED"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new NumberPart(NumberField.BytesReceived)),
            ["BYTES_SENT"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new NumberPart(NumberField.BytesSent)),
            ["UPSTREAM_REQUEST_ATTEMPT_COUNT"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new NumberPart(NumberField.UpstreamRequestAttemptCount)),
            ["CONNECTION_ID"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new NumberPart(NumberField.ConnectionId)),
            ["UPSTREAM_CONNECTION_ID"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new NumberPart(NumberField.UpstreamConnectionId)),

            ["RESPONSE_CODE_DETAILS"] = (Optional, static (in ParsedCommand c, FormatterOptions _) =>
                new TextFieldPart(c.Argument == "ALLOW_WHITESPACES" ? TextField.ResponseCodeDetailsWithWhitespace : TextField.ResponseCodeDetails)),
            ["CONNECTION_TERMINATION_DETAILS"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.ConnectionTerminationDetails)),
            ["RESPONSE_FLAGS"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.ResponseFlags)),
            ["RESPONSE_FLAGS_LONG"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.ResponseFlagsLong)),
            ["PROTOCOL"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.Protocol)),
            ["UPSTREAM_PROTOCOL"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.UpstreamProtocol)),
            ["UPSTREAM_HOST"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.UpstreamHost)),
            ["UPSTREAM_CLUSTER"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.UpstreamCluster)),

            // Envoy prints alt_stat_name for UPSTREAM_CLUSTER and the real name here; only the name is recorded.
            ["UPSTREAM_CLUSTER_RAW"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.UpstreamCluster)),
            ["UPSTREAM_TRANSPORT_FAILURE_REASON"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.UpstreamTransportFailureReason)),
            ["REQUESTED_SERVER_NAME"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.RequestedServerName)),
            ["ROUTE_NAME"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.RouteName)),
            ["FILTER_CHAIN_NAME"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.FilterChainName)),
            ["STREAM_ID"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.StreamId)),
            ["ACCESS_LOG_TYPE"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.AccessLogType)),
            ["LOCAL_REPLY_BODY"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new TextFieldPart(TextField.LocalReplyBody)),

            ["GRPC_STATUS"] = (Optional, static (in ParsedCommand c, FormatterOptions _) => new GrpcStatusPart(GrpcFormat(c.Argument))),
            ["GRPC_STATUS_NUMBER"] = (Only, static (in ParsedCommand _, FormatterOptions _) => new GrpcStatusPart(GrpcStatusFormat.Number)),
            ["UNIQUE_ID"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new UniqueIdPart(o.Random)),
            ["HOSTNAME"] = (Only, static (in ParsedCommand _, FormatterOptions o) => new ConstantPart(o.HostName ?? SystemHostName())),
            ["ENVIRONMENT"] = (RequiredWithLength, static (in ParsedCommand c, FormatterOptions o) => EnvironmentValue(c, o)),
            ["FILTER_STATE"] = (CommandSyntax.ParamsOptional | CommandSyntax.LengthAllowed, static (in ParsedCommand c, FormatterOptions _) => FilterState(c)),

            // Data this proxy does not record yet: Envoy prints "-" when it is absent, and so do we.

            ["VIRTUAL_CLUSTER_NAME"] = (Only, static (in ParsedCommand _, FormatterOptions _) => ConstantPart.Null),
            ["DYNAMIC_METADATA"] = (RequiredWithLength, static (in ParsedCommand _, FormatterOptions _) => ConstantPart.Null),
            ["CLUSTER_METADATA"] = (RequiredWithLength, static (in ParsedCommand _, FormatterOptions _) => ConstantPart.Null),
            ["UPSTREAM_METADATA"] = (RequiredWithLength, static (in ParsedCommand _, FormatterOptions _) => ConstantPart.Null),
            ["METADATA"] = (RequiredWithLength, static (in ParsedCommand _, FormatterOptions _) => ConstantPart.Null),
        };

        AddressCommands(table, "DOWNSTREAM_REMOTE", AddressSource.DownstreamRemote);
        AddressCommands(table, "DOWNSTREAM_DIRECT_REMOTE", AddressSource.DownstreamDirectRemote);
        AddressCommands(table, "DOWNSTREAM_LOCAL", AddressSource.DownstreamLocal);
        AddressCommands(table, "UPSTREAM_LOCAL", AddressSource.UpstreamLocal);
        AddressCommands(table, "UPSTREAM_REMOTE", AddressSource.UpstreamRemote);

        string[] tlsCommands =
        [
            "DOWNSTREAM_PEER_URI_SAN", "DOWNSTREAM_PEER_DNS_SAN", "DOWNSTREAM_PEER_IP_SAN", "DOWNSTREAM_PEER_EMAIL_SAN",
            "DOWNSTREAM_PEER_OTHERNAME_SAN", "DOWNSTREAM_LOCAL_URI_SAN", "DOWNSTREAM_LOCAL_DNS_SAN", "DOWNSTREAM_LOCAL_IP_SAN",
            "DOWNSTREAM_LOCAL_EMAIL_SAN", "DOWNSTREAM_LOCAL_OTHERNAME_SAN", "DOWNSTREAM_PEER_SUBJECT", "DOWNSTREAM_LOCAL_SUBJECT",
            "DOWNSTREAM_TLS_SESSION_ID", "DOWNSTREAM_TLS_CIPHER", "DOWNSTREAM_TLS_VERSION", "DOWNSTREAM_PEER_FINGERPRINT_256",
            "DOWNSTREAM_PEER_FINGERPRINT_1", "DOWNSTREAM_PEER_SERIAL", "DOWNSTREAM_PEER_CHAIN_FINGERPRINTS_256",
            "DOWNSTREAM_PEER_CHAIN_FINGERPRINTS_1", "DOWNSTREAM_PEER_CHAIN_SERIALS", "DOWNSTREAM_PEER_ISSUER",
            "DOWNSTREAM_PEER_CERT", "DOWNSTREAM_TRANSPORT_FAILURE_REASON", "UPSTREAM_TLS_CIPHER", "UPSTREAM_TLS_VERSION",
            "UPSTREAM_TLS_SESSION_ID", "UPSTREAM_PEER_ISSUER", "UPSTREAM_PEER_CERT", "UPSTREAM_PEER_SUBJECT",
            "UPSTREAM_PEER_URI_SAN", "UPSTREAM_PEER_DNS_SAN", "UPSTREAM_PEER_IP_SAN", "UPSTREAM_LOCAL_URI_SAN",
            "UPSTREAM_LOCAL_DNS_SAN", "UPSTREAM_LOCAL_IP_SAN", "TLS_JA3_FINGERPRINT",
        ];
        foreach (var name in tlsCommands)
        {
            table[name] = (Only, static (in ParsedCommand _, FormatterOptions _) => ConstantPart.Null);
        }

        foreach (var name in (string[])["DOWNSTREAM_PEER_CERT_V_START", "DOWNSTREAM_PEER_CERT_V_END", "UPSTREAM_PEER_CERT_V_START", "UPSTREAM_PEER_CERT_V_END"])
        {
            // The time format is still checked, so a config that Envoy refuses is refused here too.
            table[name] = (Optional, static (in ParsedCommand c, FormatterOptions _) =>
            {
                Time(c, local: false, null);
                return ConstantPart.Null;
            });
        }

        return table;
    }

    private static void AddressCommands(Dictionary<string, (CommandSyntax, Factory)> table, string prefix, AddressSource source)
    {
        table[prefix + "_ADDRESS"] = (CommandSyntax.CommandOnly, Create(source, AddressForm.WithPort));
        table[prefix + "_ADDRESS_WITHOUT_PORT"] = (CommandSyntax.CommandOnly, Create(source, AddressForm.WithoutPort));
        table[prefix + "_PORT"] = (CommandSyntax.CommandOnly, Create(source, AddressForm.PortOnly));

        static Factory Create(AddressSource source, AddressForm form) =>
            (in ParsedCommand _, FormatterOptions _) => new AddressPart(source, form);
    }

    private static HeaderPart Header(in ParsedCommand command, HeaderSource source, bool withoutQuery)
    {
        var names = command.Argument.Split('?');
        if (names.Length > 2)
        {
            // Envoy's format rules allow one alternative header only.
            throw new ConfigException($"More than 1 alternative header specified in token: {command.Argument}");
        }

        var main = names[0].ToLowerInvariant();
        var alternative = names.Length == 2 ? names[1].ToLowerInvariant() : string.Empty;
        if (!IsHeaderName(main) || (alternative.Length > 0 && !IsHeaderName(alternative)))
        {
            throw new ConfigException("Invalid header configuration. Format string contains invalid characters.");
        }

        return new HeaderPart(source, main, alternative.Length > 0 ? alternative : null, command.MaxLength, withoutQuery);
    }

    /// <summary>An RFC 9110 §5.1 field name (a token), optionally behind ':' for pseudo-headers.</summary>
    private static bool IsHeaderName(string name)
    {
        var span = name.AsSpan();
        if (span.Length > 0 && span[0] == ':')
        {
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static StartTimePart Time(in ParsedCommand command, bool local, TimeProvider? emitClock)
    {
        var format = command.Argument.Length == 0
            ? (local ? TimeFormat.DefaultLocal : TimeFormat.DefaultUtc)
            : TimeFormat.Parse(command.Argument);
        return new StartTimePart(format, local, emitClock);
    }

    private static GrpcStatusFormat GrpcFormat(string argument) => argument switch
    {
        "" or "CAMEL_STRING" => GrpcStatusFormat.CamelString,
        "SNAKE_STRING" => GrpcStatusFormat.SnakeString,
        "NUMBER" => GrpcStatusFormat.Number,
        _ => throw new ConfigException("GrpcStatusFormatter only supports CAMEL_STRING, SNAKE_STRING or NUMBER."),
    };

    private static ConstantPart EnvironmentValue(in ParsedCommand command, FormatterOptions options)
    {
        // Envoy reads the variable once, when the format is built, and prints the string "-" when unset.
        var value = options.GetEnvironmentVariable(command.Argument);
        if (value is null)
        {
            return new ConstantPart("-");
        }

        return new ConstantPart(command.MaxLength >= 0 && value.Length > command.MaxLength ? value[..command.MaxLength] : value);
    }

    private static FilterStatePart FilterState(in ParsedCommand command)
    {
        var pieces = command.Argument.Split(':');
        var key = pieces[0];
        if (key.Length == 0)
        {
            throw new ConfigException("Invalid filter state configuration, key cannot be empty.");
        }

        var serialization = pieces.Length > 1 ? pieces[1] : string.Empty;
        if (pieces.Length > 2 || serialization is not ("" or "PLAIN" or "TYPED"))
        {
            // Envoy also has FIELD (reflection into a typed object), which our filter state objects cannot offer.
            throw new ConfigException("Invalid filter state serialize type, only support PLAIN/TYPED.");
        }

        return new FilterStatePart(key, serialization == "PLAIN", command.MaxLength);
    }

    private static string? SystemHostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
