using System.Globalization;

namespace Bench.Runner.Report;

/// <summary>"CPU model, N cores, M GiB, Linux release" from /proc, for results.json and the README summary.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var model = "unknown CPU";
        foreach (var line in ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                model = line[(line.IndexOf(':') + 1)..].Trim();
                break;
            }
        }

        var memory = "";
        foreach (var line in ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                memory = string.Create(CultureInfo.InvariantCulture, $", {kb / 1024.0 / 1024.0:0} GiB");
                break;
            }
        }

        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault() ?? "";
        return $"{model}, {Environment.ProcessorCount} cores{memory}, Linux {kernel}".Trim();
    }

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg): on a shared machine, how comparable a run is.</summary>
    public static string LoadAverage() =>
        ReadLines("/proc/loadavg").FirstOrDefault() is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
