using Bench.Runner.Model;

namespace Bench.Runner.Report;

/// <summary>The targets measured under the same scenario, mode and connection count: one table.</summary>
public sealed record SummaryGroup(Scenario Scenario, LoadMode Mode, int Connections, double RequestedQps, IReadOnlyList<TargetSummary> Rows);
