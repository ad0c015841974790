namespace Proxy.Filters.AccessLog.Filters;

/// <summary>ComparisonFilter.Op.</summary>
public enum ComparisonOperator
{
    Equal,
    GreaterOrEqual,
    LessOrEqual,
}
