using System.Net;
using System.Net.Sockets;

namespace Proxy.Listeners;

/// <summary>
/// The listeners by address, for use_original_dst hand-off (Envoy's <c>getBalancedHandlerByAddress</c>):
/// the listener whose address equals the original destination, else the one on the same port with the
/// wildcard address of that family (<c>0.0.0.0:port</c>, <c>[::]:port</c>; an IPv4 destination also finds
/// <c>[::]:port</c> when that listener has ipv4_compat). Listeners with bind_to_port false are found too:
/// that is how Istio's <c>0.0.0.0_8080</c> or <c>10.0.0.1_9080</c> listeners are reached from 15001/15006.
/// The table is rebuilt when listeners change and read without locks.
/// </summary>
internal sealed class ListenerDirectory
{
    private Dictionary<IPEndPoint, ActiveListener> _byAddress = new();

    /// <summary>Replaces the table; the last listener listed for an address wins.</summary>
    public void Publish(IEnumerable<ActiveListener> listeners)
    {
        var table = new Dictionary<IPEndPoint, ActiveListener>();
        foreach (var listener in listeners)
        {
            if (listener.Config.Address is IPEndPoint address)
            {
                table[address] = listener;
            }

            foreach (var additional in listener.Config.AdditionalAddresses)
            {
                table[(IPEndPoint)additional] = listener;
            }
        }

        Volatile.Write(ref _byAddress, table);
    }

    public ActiveListener? Find(IPEndPoint destination)
    {
        var table = Volatile.Read(ref _byAddress);
        if (table.TryGetValue(destination, out var exact))
        {
            return exact;
        }

        var v4 = destination.AddressFamily == AddressFamily.InterNetwork;
        if (table.TryGetValue(new IPEndPoint(v4 ? IPAddress.Any : IPAddress.IPv6Any, destination.Port), out var wildcard))
        {
            return wildcard;
        }

        return v4 && table.TryGetValue(new IPEndPoint(IPAddress.IPv6Any, destination.Port), out var compat) && compat.Config.Ipv4Compat
            ? compat
            : null;
    }
}
