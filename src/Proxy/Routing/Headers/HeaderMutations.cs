using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Filters.StreamInfo;

namespace Proxy.Routing.Headers;

/// <summary>
/// The headers to remove and to add at one level (route configuration, virtual host, route or weighted
/// cluster), applied as Envoy's <c>HeaderParser::evaluateHeaders</c>: removals first ("remove-before-add"),
/// then every value is formatted and every condition checked against the headers as they are at that point,
/// then the overwrites are applied, then the additions.
/// </summary>
public sealed class HeaderMutations
{
    public static readonly HeaderMutations Empty = new([], []);

    public HeaderMutations(string[] headersToRemove, HeaderToAdd[] headersToAdd)
    {
        HeadersToRemove = headersToRemove;
        HeadersToAdd = headersToAdd;
    }

    /// <summary>Lower-case names.</summary>
    public string[] HeadersToRemove { get; }

    public HeaderToAdd[] HeadersToAdd { get; }

    public bool IsEmpty => HeadersToRemove.Length == 0 && HeadersToAdd.Length == 0;

    public void Apply(IHeaderDictionary headers, HttpContext http, StreamInfo info)
    {
        for (int i = 0; i < HeadersToRemove.Length; i++)
        {
            headers.Remove(HeadersToRemove[i]);
        }

        int count = HeadersToAdd.Length;
        if (count == 0)
        {
            return;
        }

        // Formatters may read request headers, so all values are produced before any header changes
        // (Envoy: "required to execute all formatters using the original received headers").
        string?[] values = ArrayPool<string?>.Shared.Rent(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                HeaderToAdd entry = HeadersToAdd[i];
                string value = entry.Evaluate(http, info);
                bool applies = (value.Length > 0 || entry.KeepEmptyValue) && entry.AppendAction switch
                {
                    HeaderAppendAction.AddIfAbsent => !Contains(headers, entry.Name),
                    HeaderAppendAction.OverwriteIfExists => Contains(headers, entry.Name),
                    _ => true,
                };
                values[i] = applies ? value : null;
            }

            for (int i = 0; i < count; i++)
            {
                HeaderToAdd entry = HeadersToAdd[i];
                if (values[i] is { } value && entry.AppendAction is HeaderAppendAction.OverwriteIfExistsOrAdd or HeaderAppendAction.OverwriteIfExists)
                {
                    Set(headers, entry.Name, value);
                }
            }

            for (int i = 0; i < count; i++)
            {
                HeaderToAdd entry = HeadersToAdd[i];
                if (values[i] is { } value && entry.AppendAction is HeaderAppendAction.AppendIfExistsOrAdd or HeaderAppendAction.AddIfAbsent)
                {
                    Append(headers, entry.Name, value);
                }
            }
        }
        finally
        {
            Array.Clear(values, 0, count);
            ArrayPool<string?>.Shared.Return(values);
        }
    }

    // ':authority' is how Envoy names Host. Route translation refuses it as Envoy does (":-prefixed or host headers
    // may not be modified"), but mutations built in code (e.g. by a filter) may target it.
    private static string Key(string name) => string.Equals(name, ":authority", StringComparison.Ordinal) ? "host" : name;

    private static bool Contains(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(Key(name), out var existing) && existing.Count > 0;

    private static void Set(IHeaderDictionary headers, string name, string value) => headers[Key(name)] = value;

    private static void Append(IHeaderDictionary headers, string name, string value)
    {
        string key = Key(name);
        if (key == "host")
        {
            headers.Host = value;
            return;
        }

        // Not HeaderDictionaryExtensions.Append: it drops empty values, which keep_empty_value must keep.
        headers[key] = headers.TryGetValue(key, out var existing) && existing.Count > 0
            ? StringValues.Concat(existing, value)
            : new StringValues(value);
    }
}
