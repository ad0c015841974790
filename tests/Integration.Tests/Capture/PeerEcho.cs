namespace Proxy.Integration.Tests.Capture;

/// <summary>What peer_echo_server.py saw: the connecting address, the address it was reached on, the request headers.</summary>
public sealed record PeerEcho(string Peer, string Local, IReadOnlyDictionary<string, string> Headers);
