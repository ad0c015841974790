namespace Proxy.Routing.Matching;

/// <summary>
/// A FractionalPercent evaluated against the request's random value, as Envoy's
/// <c>ProtobufPercentHelper::evaluateFractionalPercent</c>: <c>random % denominator &lt; numerator</c>. There is
/// no runtime yet, so a <c>runtime_key</c> always falls back to the <c>default_value</c>.
/// </summary>
public sealed class RuntimeFraction
{
    public RuntimeFraction(uint numerator, uint denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public uint Numerator { get; }

    /// <summary>100, 10 000 or 1 000 000 (HUNDRED, TEN_THOUSAND, MILLION).</summary>
    public uint Denominator { get; }

    public bool Evaluate(ulong randomValue) => randomValue % Denominator < Numerator;
}
