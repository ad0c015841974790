namespace Proxy.Integration.Tests.Grpc;

/// <summary>What grpc_client.py reports about one call.</summary>
public sealed record GrpcResult(string Code, string Details, string[] Replies, IReadOnlyDictionary<string, string> Trailers);
