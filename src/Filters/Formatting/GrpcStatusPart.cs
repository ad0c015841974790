namespace Proxy.Filters.Formatting;

/// <summary>
/// <c>%GRPC_STATUS(CAMEL_STRING|SNAKE_STRING|NUMBER)%</c> and <c>%GRPC_STATUS_NUMBER%</c>: "-" unless the request
/// is a gRPC request (Envoy's validate_grpc_header_before_log_grpc_status); codes without a name print as numbers.
/// </summary>
internal sealed class GrpcStatusPart : FormatPart
{
    private readonly GrpcStatusFormat _format;

    public GrpcStatusPart(GrpcStatusFormat format) => _format = format;

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        if (!ExchangeHeaders.IsGrpcRequest(context.Info, context.Http)
            || !GrpcStatus.TryGet(context.Info, context.Http, allowUserDefined: true, out var status))
        {
            return ValueKind.Null;
        }

        var name = _format switch
        {
            GrpcStatusFormat.CamelString => GrpcStatus.CamelName(status),
            GrpcStatusFormat.SnakeString => GrpcStatus.SnakeName(status),
            _ => null,
        };

        if (name is not null)
        {
            output.Append(name);
            return ValueKind.String;
        }

        output.Append(status);
        return _format == GrpcStatusFormat.Number ? ValueKind.Number : ValueKind.String;
    }
}
