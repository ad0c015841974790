namespace Bench.Runner.Processes;

/// <summary>CPU seconds spent in user space (utime) and in the kernel on the process's behalf (stime).</summary>
public readonly record struct CpuTimes(double User, double System)
{
    public double Total => User + System;

    public static CpuTimes operator -(CpuTimes after, CpuTimes before) => new(after.User - before.User, after.System - before.System);
}
