namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>The resident set size of a process, from /proc/&lt;pid&gt;/status (VmRSS, in kB).</summary>
public static class ProcessMemory
{
    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line[6..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }

    /// <summary>Samples RSS every 20 ms while <paramref name="work"/> runs; returns the work's result and the peak.</summary>
    public static async Task<(T Result, long PeakRss)> PeakWhileAsync<T>(int pid, Task<T> work)
    {
        var peak = RssBytes(pid);
        while (!work.IsCompleted)
        {
            peak = Math.Max(peak, RssBytes(pid));
            await Task.WhenAny(work, Task.Delay(20));
        }

        peak = Math.Max(peak, RssBytes(pid));
        return (await work, peak);
    }
}
