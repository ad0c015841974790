namespace Proxy.Filters.Formatting;

/// <summary>
/// A value fixed when the config is parsed: <c>%HOSTNAME%</c>, <c>%ENVIRONMENT(X)%</c>, and the operators
/// whose data this proxy does not record (TLS session details, metadata, virtual clusters), which Envoy prints
/// as "-" when the data is absent.
/// </summary>
internal sealed class ConstantPart : FormatPart
{
    public static readonly ConstantPart Null = new(null);

    public ConstantPart(string? value) => Value = value;

    public string? Value { get; }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        if (Value is null)
        {
            return ValueKind.Null;
        }

        output.Append(Value);
        return ValueKind.String;
    }
}
