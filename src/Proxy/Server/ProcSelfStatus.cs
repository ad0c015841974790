using System.Globalization;

namespace Proxy.Server;

/// <summary>A "Name:   N kB" field of /proc/self/status (VmRSS, RssFile, ...).</summary>
internal static class ProcSelfStatus
{
    /// <summary>The field's value in KiB; -1 when /proc cannot be read or has no such field.</summary>
    public static long KiB(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.Length > field.Length && line.StartsWith(field, StringComparison.Ordinal) && line[field.Length] == ':')
                {
                    var digits = line.AsSpan(field.Length + 1).Trim();
                    var space = digits.IndexOf(' ');
                    return long.Parse(space < 0 ? digits : digits[..space], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return -1;
    }
}
