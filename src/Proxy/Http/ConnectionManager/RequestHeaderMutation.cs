using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// Envoy's request header handling in the connection manager (ConnectionManagerUtility::mutateRequestHeaders):
/// the trusted client address from use_remote_address / xff_num_trusted_hops, X-Forwarded-For append,
/// X-Forwarded-Proto, x-envoy-internal / x-envoy-external-address, removal of internal-only x-envoy-*
/// headers from edge requests, x-forwarded-client-cert sanitation, Via, and x-request-id.
/// </summary>
internal static class RequestHeaderMutation
{
    /// <returns>The trusted client address (Envoy's downstream remote address).</returns>
    /// <param name="internalRequest">
    /// Envoy's internal request: exactly one client address (XFF after the append, or the connection when
    /// use_remote_address) and it is internal. Internal requests keep the x-envoy-* controls.
    /// </param>
    /// <param name="edgeRequest">Not internal and use_remote_address: this proxy is the first trusted hop.</param>
    public static IPEndPoint? Apply(IHeaderDictionary headers, HttpConnectionManagerConfig config, IPEndPoint? connectionRemote, string scheme, out bool internalRequest, out bool edgeRequest)
    {
        var xff = headers[EnvoyHeaders.ForwardedFor];
        var hadXff = xff.Count > 0;
        IPEndPoint? finalRemote;
        bool singleXffAddress;

        if (config.UseRemoteAddress)
        {
            finalRemote = connectionRemote;
            if (config.XffNumTrustedHops > 0 && TryGetXffAddress(xff, config.XffNumTrustedHops - 1, out var fromXff, out _))
            {
                finalRemote = new IPEndPoint(fromXff, 0);
            }

            singleXffAddress = !hadXff;
            if (!config.SkipXffAppend && connectionRemote is not null)
            {
                AppendXff(headers, xff, connectionRemote.Address);
            }

            // An untrusted client cannot choose the scheme; a trusted hop in front of us may have set it.
            if (config.XffNumTrustedHops == 0 || StringValues.IsNullOrEmpty(headers[EnvoyHeaders.ForwardedProto]))
            {
                headers[EnvoyHeaders.ForwardedProto] = scheme;
            }
        }
        else
        {
            if (TryGetXffAddress(xff, config.XffNumTrustedHops, out var fromXff, out singleXffAddress))
            {
                finalRemote = new IPEndPoint(fromXff, 0);
            }
            else
            {
                // No usable XFF: the connection's address is logged, but the request cannot be internal
                // ("if configured to not use remote address, but no XFF header is available, even if the
                // real remote is internal, the request is considered external").
                finalRemote = connectionRemote;
                singleXffAddress = false;
            }

            if (StringValues.IsNullOrEmpty(headers[EnvoyHeaders.ForwardedProto]))
            {
                headers[EnvoyHeaders.ForwardedProto] = scheme;
            }
        }

        internalRequest = singleXffAddress && finalRemote is not null
                          && InternalAddresses.IsInternal(finalRemote.Address, config.InternalCidrRanges);
        edgeRequest = !internalRequest && config.UseRemoteAddress;
        if (internalRequest)
        {
            headers[EnvoyHeaders.EnvoyInternal] = "true";
        }
        else
        {
            // ConnectionManagerUtility::cleanInternalHeaders: the service identity headers only at the edge,
            // the retry/timeout/trace controls from every external request.
            headers.Remove(EnvoyHeaders.EnvoyInternal);
            if (edgeRequest)
            {
                foreach (var name in EnvoyHeaders.EdgeOnly)
                {
                    headers.Remove(name);
                }
            }

            foreach (var name in EnvoyHeaders.ExternalStripped)
            {
                headers.Remove(name);
            }

            if (edgeRequest && finalRemote is not null)
            {
                headers[EnvoyHeaders.EnvoyExternalAddress] = finalRemote.Address.ToString();
            }
        }

        if (config.SanitizeClientCert)
        {
            headers.Remove(EnvoyHeaders.ForwardedClientCert);
        }

        if (config.Via is { } via)
        {
            AppendValue(headers, EnvoyHeaders.Via, via);
        }

        return finalRemote;
    }

    /// <summary>
    /// Envoy's request id policy: generate when missing, and replace a client's id on edge requests unless
    /// preserve_external_request_id.
    /// </summary>
    public static string? ApplyRequestId(IHeaderDictionary headers, HttpConnectionManagerConfig config, bool edgeRequest)
    {
        var existing = headers[EnvoyHeaders.RequestId];
        if (!config.GenerateRequestId)
        {
            return existing.Count > 0 ? existing.ToString() : null;
        }

        if (existing.Count == 0 || string.IsNullOrEmpty(existing[0]) || (edgeRequest && !config.PreserveExternalRequestId))
        {
            var id = RequestIds.Next();
            headers[EnvoyHeaders.RequestId] = id;
            return id;
        }

        return existing.ToString();
    }

    /// <summary>
    /// The address <paramref name="skip"/> entries from the right of X-Forwarded-For
    /// (Envoy's getLastAddressFromXFF); false when there are not enough entries or it is not an IP.
    /// </summary>
    internal static bool TryGetXffAddress(StringValues xff, int skip, out IPAddress address, out bool single)
    {
        address = IPAddress.None;
        single = false;
        if (xff.Count == 0)
        {
            return false;
        }

        var joined = xff.Count == 1 ? xff[0]! : string.Join(',', xff.ToArray());
        var span = joined.AsSpan();
        var end = span.Length;
        var index = 0;
        while (end > 0)
        {
            var comma = span[..end].LastIndexOf(',');
            var entry = span[(comma + 1)..end].Trim();
            if (index == skip)
            {
                single = comma < 0 && index == 0;
                return IPAddress.TryParse(entry, out address!);
            }

            if (comma < 0)
            {
                break;
            }

            end = comma;
            index++;
        }

        return false;
    }

    private static void AppendXff(IHeaderDictionary headers, StringValues existing, IPAddress remote)
    {
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        headers[EnvoyHeaders.ForwardedFor] = existing.Count == 0 ? address.ToString() : existing.ToString() + "," + address;
    }

    private static void AppendValue(IHeaderDictionary headers, string name, string value)
    {
        var existing = headers[name];
        headers[name] = existing.Count == 0 ? value : existing.ToString() + "," + value;
    }
}
