using System.Net;
using Envoy.Service.Auth.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.Http;
using Address = Envoy.Config.Core.V3.Address;

namespace Proxy.Authz;

/// <summary>
/// The CheckRequest Envoy sends (envoy.service.auth.v3.AttributeContext): source and destination addresses,
/// the request's id, method, path (with query), host, scheme, protocol, size and headers, pseudo-headers
/// included and repeated headers joined with ","; the buffered body when configured; the route's
/// context_extensions.
/// </summary>
internal static class CheckRequestBuilder
{
    public static CheckRequest Build(HttpFilterContext context, ExtAuthzSettings settings, ExtAuthzRouteConfig? route, ByteString? body)
    {
        var info = context.StreamInfo;
        var request = context.Http.Request;
        var http = new AttributeContext.Types.HttpRequest
        {
            Id = info.RequestId ?? string.Empty,
            Method = request.Method,
            Path = context.Path,
            Host = request.Headers.Host.ToString(),
            Scheme = request.Scheme,
            Protocol = request.Protocol,
            Size = request.ContentLength ?? (body is null ? -1 : body.Length),
        };
        AddHeader(http, settings, ":authority", http.Host);
        AddHeader(http, settings, ":method", http.Method);
        AddHeader(http, settings, ":path", http.Path);
        AddHeader(http, settings, ":scheme", http.Scheme);
        foreach (var (name, values) in request.Headers)
        {
            if (!string.Equals(name, "host", StringComparison.OrdinalIgnoreCase))
            {
                AddHeader(http, settings, name.ToLowerInvariant(), values.ToString());
            }
        }

        if (body is not null)
        {
            if (settings.PackAsBytes)
            {
                http.RawBody = body;
            }
            else
            {
                http.Body = body.ToStringUtf8();
            }
        }

        var attributes = new AttributeContext
        {
            Source = new AttributeContext.Types.Peer { Address = AddressOf(info.DownstreamDirectRemoteAddress) },
            Destination = new AttributeContext.Types.Peer { Address = AddressOf(info.DownstreamLocalAddress) },
            Request = new AttributeContext.Types.Request { Time = Timestamp.FromDateTimeOffset(info.StartTime), Http = http },
        };
        if (route is not null)
        {
            foreach (var (key, value) in route.ContextExtensions)
            {
                attributes.ContextExtensions[key] = value;
            }
        }

        return new CheckRequest { Attributes = attributes };
    }

    private static void AddHeader(AttributeContext.Types.HttpRequest http, ExtAuthzSettings settings, string name, string value)
    {
        if (settings.AllowedHeaders is { } allowed && !Array.Exists(allowed, m => m.Matches(name)))
        {
            return;
        }

        http.Headers[name] = value;
    }

    private static Address? AddressOf(EndPoint? endPoint) => endPoint is IPEndPoint ip
        ? new Address { SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = ip.Address.ToString(), PortValue = (uint)ip.Port } }
        : null;
}
