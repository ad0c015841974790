using Bench.Runner.Processes;

namespace Bench.Runner.Targets;

/// <summary>A started target: where the load goes, and its process (null for direct).</summary>
public sealed record RunningTarget(int Port, StartedProcess? Process);
