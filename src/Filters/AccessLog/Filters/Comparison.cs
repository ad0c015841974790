namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// A ComparisonFilter: <c>op</c> against <c>value.default_value</c>. Envoy reads the value from runtime under
/// <c>value.runtime_key</c> first; this proxy has no runtime layer, so the default is the value.
/// </summary>
public sealed record Comparison(ComparisonOperator Operator, uint Value)
{
    public bool Matches(ulong actual) => Operator switch
    {
        ComparisonOperator.Equal => actual == Value,
        ComparisonOperator.GreaterOrEqual => actual >= Value,
        _ => actual <= Value,
    };
}
