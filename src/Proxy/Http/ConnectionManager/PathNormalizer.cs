using System.Text;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// The :path transformations of the HTTP connection manager, applied before routing and forwarding:
/// normalize_path (RFC 3986 §6.2.2: percent-encoded unreserved characters decoded, other escapes
/// upper-cased, §5.2.4 dot-segment removal), merge_slashes, and path_with_escaped_slashes_action.
/// They touch the path only, never the query. Each returns the input instance when nothing changes,
/// so the common request allocates nothing.
/// </summary>
internal static class PathNormalizer
{
    /// <summary>RFC 3986 §6.2.2 normalization; null when the path is invalid (e.g. dot segments above root).</summary>
    public static string? Normalize(string path)
    {
        var decoded = NormalizePercentEncoding(path);
        return RemoveDotSegments(decoded);
    }

    public static string MergeSlashes(string path)
    {
        if (!path.Contains("//", StringComparison.Ordinal))
        {
            return path;
        }

        var builder = new StringBuilder(path.Length);
        var previousSlash = false;
        foreach (var c in path)
        {
            if (c == '/' && previousSlash)
            {
                continue;
            }

            previousSlash = c == '/';
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>True when the path holds %2F, %2f, %5C or %5c.</summary>
    public static bool HasEscapedSlashes(string path)
    {
        var i = path.IndexOf('%');
        while (i >= 0 && i + 2 < path.Length)
        {
            var a = path[i + 1];
            var b = path[i + 2];
            if ((a == '2' && (b == 'F' || b == 'f')) || (a == '5' && (b == 'C' || b == 'c')))
            {
                return true;
            }

            i = path.IndexOf('%', i + 1);
        }

        return false;
    }

    public static string UnescapeSlashes(string path) =>
        path.Replace("%2F", "/", StringComparison.Ordinal).Replace("%2f", "/", StringComparison.Ordinal)
            .Replace("%5C", "\\", StringComparison.Ordinal).Replace("%5c", "\\", StringComparison.Ordinal);

    private static string NormalizePercentEncoding(string path)
    {
        if (path.IndexOf('%') < 0)
        {
            return path;
        }

        var builder = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%' && i + 2 < path.Length && IsHex(path[i + 1]) && IsHex(path[i + 2]))
            {
                var value = (char)((HexValue(path[i + 1]) << 4) | HexValue(path[i + 2]));
                if (IsUnreserved(value))
                {
                    builder.Append(value);
                }
                else
                {
                    builder.Append('%').Append(char.ToUpperInvariant(path[i + 1])).Append(char.ToUpperInvariant(path[i + 2]));
                }

                i += 2;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string? RemoveDotSegments(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal))
        {
            return path;
        }

        var segments = path.Split('/');
        var output = new List<string>(segments.Length);
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count == 0)
                {
                    // Above the root: RFC 3986 drops it; Envoy's canonicalizer does the same.
                }
                else
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (last)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        return "/" + string.Join('/', output);
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
