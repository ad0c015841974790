using System.Globalization;
using System.Text;

namespace Proxy.Tests.Stats;

/// <summary>A small reader of the Prometheus text format, to check the renderer's output structurally.</summary>
internal sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, List<Sample> samples, List<string> familyOrder)
    {
        Types = types;
        Samples = samples;
        FamilyOrder = familyOrder;
    }

    public Dictionary<string, string> Types { get; }

    public List<Sample> Samples { get; }

    /// <summary>Metric family names in the order of their # TYPE lines.</summary>
    public List<string> FamilyOrder { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var order = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(types.TryAdd(parts[2], parts[3]), $"duplicate TYPE line for {parts[2]}");
                order.Add(parts[2]);
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(types, samples, order);
    }

    public Sample Single(string name) => Assert.Single(Samples, s => s.Name == name);

    private static Sample ParseSample(string line)
    {
        var brace = line.IndexOf('{');
        Assert.True(brace > 0, $"sample without braces: {line}");
        var name = line[..brace];
        var labels = new List<KeyValuePair<string, string>>();
        var i = brace + 1;
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var labelName = line[i..equals];
            Assert.Equal('"', line[equals + 1]);
            var value = new StringBuilder();
            var j = equals + 2;
            for (; line[j] != '"'; j++)
            {
                if (line[j] == '\\')
                {
                    j++;
                    value.Append(line[j] switch
                    {
                        'n' => '\n',
                        _ => line[j],
                    });
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            labels.Add(new(labelName, value.ToString()));
            i = j + 1;
            if (line[i] == ',')
            {
                i++;
            }
        }

        var valueText = line[(i + 2)..];
        var number = valueText == "nan" ? double.NaN : double.Parse(valueText, CultureInfo.InvariantCulture);
        return new Sample(name, labels, number, valueText);
    }

    internal sealed record Sample(string Name, List<KeyValuePair<string, string>> Labels, double Value, string ValueText)
    {
        public string? Label(string name)
        {
            foreach (var (key, value) in Labels)
            {
                if (key == name)
                {
                    return value;
                }
            }

            return null;
        }
    }
}
