namespace Proxy.Upstream.Config;

/// <summary>
/// <c>thresholds[].retry_budget</c>: active retries may be at most <see cref="BudgetPercent"/> of active
/// requests, but never fewer than <see cref="MinRetryConcurrency"/>. Defaults 20% and 3; when set, it
/// replaces max_retries.
/// </summary>
public sealed record RetryBudget(double BudgetPercent, uint MinRetryConcurrency);
