namespace Proxy.Stats;

/// <summary>
/// A stat holding a string (Envoy's <c>TextReadout</c>, e.g. <c>control_plane.identifier</c>). /stats prints
/// it as <c>name: "value"</c>; /stats/prometheus only with <c>?text_readouts</c>, as a gauge of 0 with a
/// <c>text_value</c> label. Setting it is a single reference write.
/// </summary>
public sealed class TextReadout
{
    private string _value = string.Empty;
    private int _used;

    public TextReadout(string name) => Name = name;

    public string Name { get; }

    public bool Used => Volatile.Read(ref _used) != 0;

    public string Value => Volatile.Read(ref _value);

    public void Set(string value)
    {
        Volatile.Write(ref _value, value);
        Volatile.Write(ref _used, 1);
    }
}
