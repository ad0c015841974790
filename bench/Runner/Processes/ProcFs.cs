using System.Globalization;

namespace Bench.Runner.Processes;

/// <summary>
/// Reads a process tree's figures from /proc: CPU as utime+stime (fields 14 and 15 of /proc/PID/stat),
/// memory as VmRSS and VmHWM of /proc/PID/status, summed over the process and its descendants (nginx's
/// and haproxy's workers; .NET and Envoy are one process).
/// </summary>
public static class ProcFs
{
    public static double CpuSeconds(int root) => Cpu(root).Total;

    /// <summary>User and system CPU seconds of the tree (utime and stime apart).</summary>
    public static CpuTimes Cpu(int root)
    {
        long user = 0;
        long system = 0;
        foreach (var pid in Tree(root))
        {
            if (ReadStat(pid) is { } fields && fields.Length > 14)
            {
                user += long.Parse(fields[13], CultureInfo.InvariantCulture);
                system += long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
        }

        return new CpuTimes((double)user / Posix.ClockTicks, (double)system / Posix.ClockTicks);
    }

    public static long RssKB(int root) => SumStatus(root, "VmRSS:");

    public static long PeakRssKB(int root) => SumStatus(root, "VmHWM:");

    /// <summary>
    /// Resets VmHWM to the current VmRSS for the tree (writing 5 to /proc/PID/clear_refs, Linux 4.0+), so
    /// that a later <see cref="PeakRssKB"/> is the peak since now. Best effort: without permission the
    /// peak includes start-up.
    /// </summary>
    public static void ResetPeakRss(int root)
    {
        foreach (var pid in Tree(root))
        {
            try
            {
                File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The process and every descendant alive now, found through the ppid field of /proc/*/stat.</summary>
    public static List<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } fields && fields.Length > 3)
            {
                parents[pid] = int.Parse(fields[3], CultureInfo.InvariantCulture);
            }
        }

        var tree = new List<int>();
        if (!parents.ContainsKey(root))
        {
            return tree;
        }

        tree.Add(root);
        for (var i = 0; i < tree.Count; i++)
        {
            foreach (var (pid, parent) in parents)
            {
                if (parent == tree[i])
                {
                    tree.Add(pid);
                }
            }
        }

        return tree;
    }

    /// <summary>Field 22 of /proc/PID/stat, to tell a process from a later one with the same PID.</summary>
    public static string? StartTime(int pid) => ReadStat(pid) is { Length: > 21 } f ? f[21] : null;

    /// <summary>Fields of /proc/PID/stat with the command name (which may hold spaces) as field 2.</summary>
    private static string[]? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var rest = text[(close + 2)..].Split(' ');
        var fields = new string[rest.Length + 2];
        fields[0] = text[..text.IndexOf(' ')];
        fields[1] = text[(text.IndexOf('(') + 1)..close];
        Array.Copy(rest, 0, fields, 2, rest.Length);
        return fields;
    }

    private static long SumStatus(int root, string key)
    {
        long total = 0;
        foreach (var pid in Tree(root))
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith(key, StringComparison.Ordinal))
                    {
                        total += long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                        break;
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        return total;
    }
}
