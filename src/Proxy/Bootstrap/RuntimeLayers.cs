using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Proxy.Bootstrap;

/// <summary>
/// The values of the bootstrap's <c>layered_runtime</c> that the proxy reads: its static layers, flattened
/// to dotted keys (a nested struct {"a": {"b": true}} is the key "a.b"), a later layer overriding an
/// earlier one, as Envoy's runtime snapshot. Admin, RTDS and disk layers are listed but add nothing (no
/// value is ever set through them here: /runtime_modify is not served). Istio's bootstrap sets reloadable
/// features this way (e.g. envoy.reloadable_features.http_reject_path_with_fragment: false).
/// </summary>
internal sealed class RuntimeLayers
{
    private readonly Dictionary<string, Value> _values;
    private readonly (string Name, Dictionary<string, Value> Values)[] _layers;

    private RuntimeLayers((string Name, Dictionary<string, Value> Values)[] layers)
    {
        _layers = layers;
        _values = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (_, values) in layers)
        {
            foreach (var (key, value) in values)
            {
                _values[key] = value;
            }
        }
    }

    public static RuntimeLayers Empty { get; } = new([]);

    public static RuntimeLayers From(BootstrapProto? bootstrap)
    {
        var layers = new List<(string, Dictionary<string, Value>)>();
        foreach (var layer in bootstrap?.LayeredRuntime?.Layers ?? [])
        {
            var values = new Dictionary<string, Value>(StringComparer.Ordinal);
            if (layer.LayerSpecifierCase == Envoy.Config.Bootstrap.V3.RuntimeLayer.LayerSpecifierOneofCase.StaticLayer)
            {
                Flatten(layer.StaticLayer, "", values);
            }

            layers.Add((layer.Name, values));
        }

        return layers.Count == 0 ? Empty : new RuntimeLayers([.. layers]);
    }

    /// <summary>The layers' names, in order (admin /runtime "layers").</summary>
    public IEnumerable<string> LayerNames => _layers.Select(static l => l.Name);

    /// <summary>
    /// Every key some layer sets, in ordinal order, with its value in each layer ("" where a layer does not
    /// set it) and the value that wins (admin /runtime "entries").
    /// </summary>
    public IEnumerable<(string Key, string[] LayerValues, string FinalValue)> Entries() =>
        _values.Keys.Order(StringComparer.Ordinal).Select(key => (
            key,
            _layers.Select(l => l.Values.TryGetValue(key, out var value) ? Text(value) : "").ToArray(),
            Text(_values[key])));

    /// <summary>
    /// Envoy's runtimeFeatureEnabled: the key's boolean value (true/false, or the strings "true"/"false"),
    /// else <paramref name="defaultValue"/> (reloadable features default to on).
    /// </summary>
    public bool FeatureEnabled(string key, bool defaultValue = true)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return defaultValue;
        }

        return value.KindCase switch
        {
            Value.KindOneofCase.BoolValue => value.BoolValue,
            Value.KindOneofCase.StringValue when bool.TryParse(value.StringValue, out var parsed) => parsed,
            _ => defaultValue,
        };
    }

    /// <summary>The key's value as Envoy's snapshot prints it, or null when no layer sets it.</summary>
    public string? Get(string key) => _values.TryGetValue(key, out var value) ? Text(value) : null;

    private static void Flatten(Struct fields, string prefix, Dictionary<string, Value> into)
    {
        foreach (var (name, value) in fields.Fields)
        {
            var key = prefix.Length == 0 ? name : prefix + "." + name;
            if (value.KindCase == Value.KindOneofCase.StructValue)
            {
                Flatten(value.StructValue, key, into);
            }
            else
            {
                into[key] = value;
            }
        }
    }

    private static string Text(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        Value.KindOneofCase.NumberValue => value.NumberValue.ToString(CultureInfo.InvariantCulture),
        Value.KindOneofCase.StringValue => value.StringValue,
        _ => "",
    };
}
