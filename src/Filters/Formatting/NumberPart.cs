namespace Proxy.Filters.Formatting;

/// <summary>
/// <c>%RESPONSE_CODE%</c> (0 when nothing was sent, e.g. the client went away, and for TCP),
/// <c>%BYTES_RECEIVED%</c>, <c>%BYTES_SENT%</c>, <c>%UPSTREAM_REQUEST_ATTEMPT_COUNT%</c>, <c>%CONNECTION_ID%</c>,
/// <c>%UPSTREAM_CONNECTION_ID%</c>: always a number, never "-".
/// </summary>
internal sealed class NumberPart : FormatPart
{
    private readonly NumberField _field;

    public NumberPart(NumberField field) => _field = field;

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        var info = context.Info;
        switch (_field)
        {
            case NumberField.ResponseCode:
                output.Append(info.ResponseCode);
                break;
            case NumberField.BytesReceived:
                output.Append(info.BytesReceived);
                break;
            case NumberField.BytesSent:
                output.Append(info.BytesSent);
                break;
            case NumberField.UpstreamRequestAttemptCount:
                output.Append(info.AttemptCount);
                break;
            case NumberField.ConnectionId:
                output.Append(info.ConnectionId);
                break;
            default:
                output.Append('0');
                break;
        }

        return ValueKind.Number;
    }
}
