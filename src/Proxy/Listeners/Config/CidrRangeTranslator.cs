using System.Net;
using Proxy.Filters.Extensions;

namespace Proxy.Listeners.Config;

/// <summary>envoy.config.core.v3.CidrRange lists into <see cref="CidrRange"/>s, with field paths in errors.</summary>
internal static class CidrRangeTranslator
{
    public static List<CidrRange> Translate(IList<Envoy.Config.Core.V3.CidrRange>? ranges, string field)
    {
        var result = new List<CidrRange>();
        if (ranges is null)
        {
            return result;
        }

        for (var i = 0; i < ranges.Count; i++)
        {
            if (!IPAddress.TryParse(ranges[i].AddressPrefix, out var address))
            {
                throw new ConfigException($"{field}[{i}].address_prefix: '{ranges[i].AddressPrefix}' is not an IP address");
            }

            // CidrRange.prefix_len defaults to 0 when unset (envoy.config.core.v3.CidrRange).
            var length = (int)(ranges[i].PrefixLen ?? 0u);
            try
            {
                result.Add(new CidrRange(address, length));
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new ConfigException($"{field}[{i}].prefix_len: {length} is out of range for {address}");
            }
        }

        return result;
    }
}
