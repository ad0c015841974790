namespace Bench.Runner.Model;

/// <summary>
/// One measured run of one target: a row of results.json (fortio's field names where fortio has one;
/// times in seconds). Proxy-only figures are null for direct.
/// </summary>
public sealed record RunRecord
{
    public required string Target { get; init; }

    public required Scenario Scenario { get; init; }

    public required LoadMode Mode { get; init; }

    public required int Round { get; init; }

    public required int Connections { get; init; }

    /// <summary>0 in max mode (fortio's -qps 0).</summary>
    public required double RequestedQps { get; init; }

    public required LoadResult Load { get; init; }

    public required string LoadGenerator { get; init; }

    /// <summary>Target percentile minus direct's in the same round, scenario, mode and connection count.</summary>
    public double? AddedP50 { get; set; }

    public double? AddedP90 { get; set; }

    public double? AddedP99 { get; set; }

    public double? CpuSecondsPer1000 { get; init; }

    /// <summary>The user-space part of <see cref="CpuSecondsPer1000"/> (utime).</summary>
    public double? CpuUserSecondsPer1000 { get; init; }

    /// <summary>The kernel part of <see cref="CpuSecondsPer1000"/> (stime): system calls, loopback delivery.</summary>
    public double? CpuSystemSecondsPer1000 { get; init; }

    public long? RssIdleKB { get; init; }

    public long? RssPeakKB { get; init; }

    public double? StartToFirstResponseMs { get; init; }

    public string? Note { get; init; }
}
