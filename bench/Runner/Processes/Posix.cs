using System.Runtime.InteropServices;

namespace Bench.Runner.Processes;

/// <summary>The two libc calls .NET does not expose: sending a chosen signal, and the clock tick rate.</summary>
public static partial class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    private const int ScClkTck = 2;

    /// <summary>Clock ticks per second, the unit of utime/stime in /proc/PID/stat.</summary>
    public static long ClockTicks { get; } = Math.Max(1, SysConf(ScClkTck));

    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
