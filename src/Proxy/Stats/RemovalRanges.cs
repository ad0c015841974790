namespace Proxy.Stats;

/// <summary>
/// The character ranges of a stat name that tag extraction removes (Envoy's <c>IntervalSet</c>):
/// overlapping or adjacent ranges merge, and <see cref="Apply"/> builds the tag-extracted name.
/// </summary>
internal sealed class RemovalRanges
{
    private readonly List<(int Start, int End)> _ranges = new(4);

    /// <summary>Adds the half-open range [start, end); empty ranges are ignored.</summary>
    public void Add(int start, int end)
    {
        if (end > start)
        {
            _ranges.Add((start, end));
        }
    }

    public string Apply(string name)
    {
        if (_ranges.Count == 0)
        {
            return name;
        }

        _ranges.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var result = new System.Text.StringBuilder(name.Length);
        var position = 0;
        foreach (var (start, end) in _ranges)
        {
            if (start > position)
            {
                result.Append(name, position, start - position);
            }

            position = Math.Max(position, end);
        }

        if (position < name.Length)
        {
            result.Append(name, position, name.Length - position);
        }

        return result.ToString();
    }
}
