using System.Net;
using System.Net.Sockets;

namespace Proxy.Filters.Formatting;

/// <summary>
/// Address operators: IPv4 as <c>10.0.0.1:80</c>, IPv6 as <c>[::1]:80</c> (without port: <c>::1</c>), a Unix
/// socket as its path (abstract ones as <c>@name</c>); the port alone is a number in typed JSON and empty text
/// for addresses without a port. "-" when the address is unknown.
/// </summary>
internal sealed class AddressPart : FormatPart
{
    private readonly AddressSource _source;
    private readonly AddressForm _form;

    public AddressPart(AddressSource source, AddressForm form)
    {
        _source = source;
        _form = form;
    }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var info = context.Info;
        if (_source == AddressSource.UpstreamRemote)
        {
            return WriteHostString(info.UpstreamHost, context.TypedJson, output);
        }

        var address = _source switch
        {
            AddressSource.DownstreamLocal => info.DownstreamLocalAddress,
            AddressSource.DownstreamRemote => info.DownstreamRemoteAddress,
            AddressSource.DownstreamDirectRemote => info.DownstreamDirectRemoteAddress,
            _ => info.UpstreamLocalAddress,
        };

        return address switch
        {
            null => ValueKind.Null,
            IPEndPoint ip => WriteIp(ip, output),
            _ => WriteOther(address, context.TypedJson, output),
        };
    }

    private ValueKind WriteIp(IPEndPoint ip, LogBuffer output)
    {
        if (_form == AddressForm.PortOnly)
        {
            output.Append(ip.Port);
            return ValueKind.Number;
        }

        var v6 = ip.AddressFamily == AddressFamily.InterNetworkV6;
        if (v6 && _form == AddressForm.WithPort)
        {
            output.Append('[');
        }

        output.AppendFormattable(ip.Address, default);
        if (_form == AddressForm.WithPort)
        {
            if (v6)
            {
                output.Append(']');
            }

            output.Append(':');
            output.Append(ip.Port);
        }

        return ValueKind.String;
    }

    private ValueKind WriteOther(EndPoint address, bool typedJson, LogBuffer output)
    {
        if (_form == AddressForm.PortOnly)
        {
            // Envoy: only IP addresses have a port; the text form is empty, typed JSON has null.
            return typedJson ? ValueKind.Null : ValueKind.String;
        }

        if (address is UnixDomainSocketEndPoint)
        {
            var path = address.ToString() ?? string.Empty;
            if (path.Length > 0 && path[0] == '\0')
            {
                output.Append('@');
                output.Append(path.AsSpan(1));
            }
            else
            {
                output.Append(path);
            }

            return ValueKind.String;
        }

        if (address is DnsEndPoint dns)
        {
            output.Append(dns.Host);
            if (_form == AddressForm.WithPort)
            {
                output.Append(':');
                output.Append(dns.Port);
            }

            return ValueKind.String;
        }

        output.Append(address.ToString());
        return ValueKind.String;
    }

    /// <summary>The upstream host as recorded ("10.0.0.1:8080", "[::1]:80" or a socket path), split on its port.</summary>
    private ValueKind WriteHostString(string? host, bool typedJson, LogBuffer output)
    {
        if (string.IsNullOrEmpty(host))
        {
            return ValueKind.Null;
        }

        var span = host.AsSpan();
        var colon = span.LastIndexOf(':');
        var hasPort = colon > 0 && colon < span.Length - 1 && span[0] != '/' && (span[0] == '[' ? span[colon - 1] == ']' : span[..colon].IndexOf(':') < 0);
        switch (_form)
        {
            case AddressForm.WithPort:
                output.Append(span);
                return ValueKind.String;
            case AddressForm.WithoutPort:
                var bare = hasPort ? span[..colon] : span;
                if (bare.Length >= 2 && bare[0] == '[' && bare[^1] == ']')
                {
                    bare = bare[1..^1];
                }

                output.Append(bare);
                return ValueKind.String;
            default:
                if (!hasPort)
                {
                    return typedJson ? ValueKind.Null : ValueKind.String;
                }

                output.Append(span[(colon + 1)..]);
                return ValueKind.Number;
        }
    }
}
