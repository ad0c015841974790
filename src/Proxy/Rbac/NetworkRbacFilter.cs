using Proxy.Listeners;

namespace Proxy.Rbac;

/// <summary>
/// envoy.filters.network.rbac: checks a connection (addresses, destination port, SNI) once, after the filter
/// chain is chosen and before the terminal filter takes it; a denied connection is closed unserved. Envoy
/// checks on the first bytes (ONE_TIME_ON_FIRST_BYTE) or on every read (CONTINUOUS); neither changes the
/// outcome here, since no input of these rules changes during a connection. Header and path rules see no
/// request on a connection, as in Envoy.
/// </summary>
internal sealed class NetworkRbacFilter
{
    public NetworkRbacFilter(string name, RbacRules rules, RbacStats stats)
    {
        Name = name;
        Rules = rules;
        Stats = stats;
    }

    public string Name { get; }

    public RbacRules Rules { get; }

    public RbacStats Stats { get; }

    /// <returns>False when the connection must be closed; <paramref name="deniedBy"/> then holds Envoy's termination details.</returns>
    public bool Admit(ConnectionInfo connection, out string? deniedBy)
    {
        var input = new RbacInput(connection.DirectRemoteEndPoint, connection.RemoteEndPoint, connection.LocalEndPoint, connection.ServerName, null);
        Rules.Shadow(input, Stats, out _);
        return Rules.Enforce(input, Stats, out deniedBy);
    }
}
