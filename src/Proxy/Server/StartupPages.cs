using System.Globalization;
using System.Runtime.InteropServices;

namespace Proxy.Server;

/// <summary>
/// Gives back, when initialization is done and just before the server reports LIVE (the readiness a platform
/// waits for before it sends traffic), the pages of the program and its libraries that only start-up used.
/// Reading the bootstrap (YAML, proto JSON, descriptors), translating it and starting Kestrel run code that
/// the request path never runs again, and the kernel keeps every page of it mapped (plus its 64 KiB
/// fault-around neighbours): for the NativeAOT binary that is ~17 MiB of its 22 MiB file resident at idle,
/// against ~9 MiB that serving requests touches. <c>madvise(MADV_PAGEOUT)</c> on each read-only,
/// file-backed mapping drops those pages from the process and, being clean file pages no one else maps,
/// from memory: the proxy's RSS and its container's memory both fall. A page needed later (the request
/// path's first run, a config update's translation) is read back on first use, once; pages another
/// process also maps (libc) are left alone by the kernel. Writable and anonymous mappings are not touched;
/// the few relocated (copied) pages inside a read-only mapping could only go to swap, where there is one.
/// <para>
/// Envoy has no such step (its binary's pages stay resident); this changes memory only, never behaviour.
/// It is the NativeAOT build's default (the shipped sidecar): its first request afterwards costs about 0.1 ms
/// more while the request path's pages come back. The JIT build keeps its pages unless asked: its first
/// requests JIT-compile their code and read back the compiler's and the assemblies' pages, which stalled a
/// stream for over half a second here. <see cref="KeepVariable"/>=1 keeps the pages, =0 gives them back in
/// either build; kernels before 5.4 (no MADV_PAGEOUT) keep them.
/// </para>
/// </summary>
internal static class StartupPages
{
    /// <summary>Environment variable: "1" or "true" keeps start-up pages resident, "0" or "false" gives them back.</summary>
    public const string KeepVariable = "PROXY_KEEP_STARTUP_PAGES";

    private const int MadvPageout = 21;

    /// <summary>
    /// On Linux, what <see cref="KeepVariable"/> says, else true in the NativeAOT build and false in the JIT one.
    /// </summary>
    public static bool Enabled =>
        OperatingSystem.IsLinux()
        && Environment.GetEnvironmentVariable(KeepVariable) switch
        {
            "1" or "true" or "TRUE" or "True" => false,
            "0" or "false" or "FALSE" or "False" => true,
            _ => !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported,
        };

    /// <summary>Pages out every candidate mapping of this process; returns how many were advised.</summary>
    public static int Release()
    {
        List<(ulong Start, ulong Length)> candidates;
        try
        {
            candidates = [.. Candidates(File.ReadLines("/proc/self/maps"))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc (an unusual sandbox): nothing is released.
            return 0;
        }

        var advised = 0;
        foreach (var (start, length) in candidates)
        {
            // EINVAL: a kernel without MADV_PAGEOUT; ENOMEM: the mapping went away meanwhile. Either way the
            // pages simply stay resident.
            if (Madvise((nint)start, (nuint)length, MadvPageout) == 0)
            {
                advised++;
            }
        }

        return advised;
    }

    /// <summary>RssFile of /proc/self/status in KiB (resident pages backed by files); -1 when unreadable.</summary>
    public static long ResidentFileKiB() => ProcSelfStatus.KiB("RssFile");

    /// <summary>
    /// The mappings to page out, from /proc/PID/maps lines ("start-end perms offset dev inode path"): not
    /// writable, backed by a file (a path, not [heap]/[stack]/[vdso], not /dev/*, not a memfd such as the JIT's
    /// double-mapped code). Private or shared alike: the runtime maps IL assemblies shared and read-only.
    /// </summary>
    public static IEnumerable<(ulong Start, ulong Length)> Candidates(IEnumerable<string> mapsLines)
    {
        foreach (var line in mapsLines)
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1].Length < 4 || fields[1][1] == 'w')
            {
                continue;
            }

            var path = fields[5].Trim();
            if (!path.StartsWith('/') || path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/memfd:", StringComparison.Ordinal))
            {
                continue;
            }

            var range = fields[0];
            var dash = range.IndexOf('-');
            if (dash <= 0
                || !ulong.TryParse(range.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(range.AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end)
                || end <= start)
            {
                continue;
            }

            yield return (start, end - start);
        }
    }

    // Blittable arguments: no marshalling stub, so a plain DllImport suits NativeAOT (LibraryImport would need
    // unsafe code enabled for the whole project).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
