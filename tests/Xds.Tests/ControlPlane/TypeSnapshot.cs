using Google.Protobuf.WellKnownTypes;

namespace Proxy.Xds.Tests.ControlPlane;

/// <summary>The current version of one resource type in the test control plane.</summary>
internal sealed record TypeSnapshot(string Version, Dictionary<string, Any> Resources);
