using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Proxy.Tests.Routing;

/// <summary>
/// Headers that keep empty values, as Kestrel's do (an empty field value is valid HTTP). ASP.NET Core's
/// <see cref="HeaderDictionary"/> drops a header whose only value is empty, which would hide keep_empty_value
/// and present_match behaviour.
/// </summary>
internal sealed class PlainHeaders : IHeaderDictionary
{
    private readonly Dictionary<string, StringValues> _store = new(StringComparer.OrdinalIgnoreCase);

    public StringValues this[string key]
    {
        get => _store.TryGetValue(key, out var value) ? value : StringValues.Empty;
        set => _store[key] = value;
    }

    public long? ContentLength { get; set; }

    public ICollection<string> Keys => _store.Keys;

    public ICollection<StringValues> Values => _store.Values;

    public int Count => _store.Count;

    public bool IsReadOnly => false;

    public void Add(string key, StringValues value) => _store.Add(key, value);

    public void Add(KeyValuePair<string, StringValues> item) => _store.Add(item.Key, item.Value);

    public void Clear() => _store.Clear();

    public bool Contains(KeyValuePair<string, StringValues> item) => _store.Contains(item);

    public bool ContainsKey(string key) => _store.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, StringValues>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, StringValues>>)_store).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _store.GetEnumerator();

    public bool Remove(string key) => _store.Remove(key);

    public bool Remove(KeyValuePair<string, StringValues> item) => ((ICollection<KeyValuePair<string, StringValues>>)_store).Remove(item);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _store.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
