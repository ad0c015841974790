using Google.Protobuf.WellKnownTypes;

namespace Proxy.Routing;

/// <summary>Shared empty values for route records.</summary>
internal static class RouteDefaults
{
    public static readonly IReadOnlyDictionary<string, object> NoFilterConfig = new Dictionary<string, object>(StringComparer.Ordinal);
}
