namespace Proxy.Xds.Json;

/// <summary>
/// Builds the JSON paths used in error messages: <c>a.b[2].c</c>, with keys that are not plain identifiers
/// (map keys such as <c>envoy.extensions.upstreams.http.v3.HttpProtocolOptions</c>) written as <c>["..."]</c>.
/// </summary>
public static class JsonPath
{
    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Property(string parent, string name)
    {
        if (IsIdentifier(name))
        {
            return parent.Length == 0 ? name : parent + "." + name;
        }

        return parent + "[\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
    }

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            // '@' keeps Any's "@type" readable as typed_config.@type.
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '@')
            {
                return false;
            }
        }

        return true;
    }
}
