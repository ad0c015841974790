namespace Proxy.Filters.Formatting;

/// <summary>The renderings of <c>%GRPC_STATUS(X)%</c>: CAMEL_STRING (default), SNAKE_STRING, NUMBER.</summary>
internal enum GrpcStatusFormat
{
    CamelString,
    SnakeString,
    Number,
}
