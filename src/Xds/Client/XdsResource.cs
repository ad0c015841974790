using Google.Protobuf;

namespace Proxy.Xds.Client;

/// <summary>
/// One resource of a response, parsed. <paramref name="Version"/> is the resource's own version in Delta xDS
/// (and when the server wraps SotW resources in <c>envoy.service.discovery.v3.Resource</c>); otherwise the
/// response's version_info.
/// </summary>
public sealed record XdsResource(string Name, string Version, IMessage Message);
