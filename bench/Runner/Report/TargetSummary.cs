namespace Bench.Runner.Report;

/// <summary>One target's figures in one group: medians over the rounds that succeeded; errors summed.</summary>
public sealed record TargetSummary
{
    public required string Target { get; init; }

    /// <summary>Rounds that produced figures.</summary>
    public int Rounds { get; init; }

    public double? ActualQps { get; init; }

    /// <summary>Latency percentiles in seconds.</summary>
    public double? P50 { get; init; }

    public double? P90 { get; init; }

    public double? P99 { get; init; }

    public double? P999 { get; init; }

    /// <summary>Added latency vs direct in seconds (fixed rate, proxies only).</summary>
    public double? AddedP50 { get; init; }

    public double? AddedP90 { get; init; }

    public double? AddedP99 { get; init; }

    public long Errors { get; init; }

    public double? CpuSecondsPer1000 { get; init; }

    public double? CpuUserSecondsPer1000 { get; init; }

    public double? CpuSystemSecondsPer1000 { get; init; }

    public double? RssIdleKB { get; init; }

    public double? RssPeakKB { get; init; }

    public double? StartToFirstResponseMs { get; init; }

    /// <summary>Why a round failed, when one did.</summary>
    public string? Note { get; init; }
}
