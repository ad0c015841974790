namespace Proxy.Xds.Client;

/// <summary>
/// Receives the updates of one resource type. Called on the client's receive loop, one update at a time, in
/// the order the server sent them.
/// </summary>
public interface IXdsWatcher
{
    /// <summary>
    /// Validates and applies the whole update, or applies nothing and throws <see cref="XdsRejectedException"/>
    /// whose message names the resource and field; the client then NACKs with that message as error_detail and
    /// the previously accepted version. Returning normally ACKs.
    /// </summary>
    void OnUpdate(XdsUpdate update);
}
