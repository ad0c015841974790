using System.Text;
using Envoy.Config.Core.V3;
using Google.Protobuf.Collections;
using Proxy.Filters.Extensions;
using Proxy.Routing.Headers;

namespace Proxy.Routing.Translation;

/// <summary>
/// <c>*_headers_to_add</c> / <c>*_headers_to_remove</c> into <see cref="HeaderMutations"/>, with Envoy's checks
/// (<c>HeaderParser::configure</c>): pseudo-headers and Host may be neither modified nor removed; <c>append</c>
/// and a non-default <c>append_action</c> may not both be set; at most 1000 entries.
/// </summary>
internal static class HeaderMutationsTranslator
{
    private const int MaxHeadersToAdd = 1000;

    public static HeaderMutations Translate(
        RepeatedField<HeaderValueOption> toAdd,
        RepeatedField<string> toRemove,
        string addAt,
        string removeAt,
        RouteTranslationContext ctx)
    {
        if (toAdd.Count == 0 && toRemove.Count == 0)
        {
            return HeaderMutations.Empty;
        }

        if (toAdd.Count > MaxHeadersToAdd)
        {
            throw ProtoValues.Error(addAt, $"at most {MaxHeadersToAdd} headers may be added, got {toAdd.Count}");
        }

        var adds = new HeaderToAdd[toAdd.Count];
        for (int i = 0; i < adds.Length; i++)
        {
            adds[i] = TranslateAdd(toAdd[i], $"{addAt}[{i}]", ctx);
        }

        var removes = new string[toRemove.Count];
        for (int i = 0; i < removes.Length; i++)
        {
            string at = $"{removeAt}[{i}]";
            string name = ProtoValues.HeaderName(toRemove[i], at);
            if (!IsModifiable(name))
            {
                throw ProtoValues.Error(at, $":-prefixed or host headers may not be removed ('{name}')");
            }

            removes[i] = name;
        }

        return new HeaderMutations(removes, adds);
    }

    private static HeaderToAdd TranslateAdd(HeaderValueOption option, string at, RouteTranslationContext ctx)
    {
        if (option.Header is null)
        {
            throw ProtoValues.Error(at + ".header", "required");
        }

        string name = ProtoValues.HeaderName(option.Header.Key, at + ".header.key");
        if (!IsModifiable(name))
        {
            throw ProtoValues.Error(at + ".header.key", $":-prefixed or host headers may not be modified ('{name}')");
        }

        if (option.Header.Value.Length > 0 && !option.Header.RawValue.IsEmpty)
        {
            throw ProtoValues.Error(at + ".header", "only one of value or raw_value can be set");
        }

        string value = option.Header.RawValue.IsEmpty
            ? option.Header.Value
            : Encoding.UTF8.GetString(option.Header.RawValue.Span);
        value = ProtoValues.HeaderValue(value, at + ".header.value");

        HeaderAppendAction action;
#pragma warning disable CS0612 // HeaderValueOption.append is deprecated, but Envoy still honours it.
        bool? deprecatedAppend = option.Append;
#pragma warning restore CS0612
        if (deprecatedAppend is { } append)
        {
            if (option.AppendAction != HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd)
            {
                throw ProtoValues.Error(at, "Both append and append_action are set and it's not allowed");
            }

            action = append ? HeaderAppendAction.AppendIfExistsOrAdd : HeaderAppendAction.OverwriteIfExistsOrAdd;
        }
        else
        {
            action = option.AppendAction switch
            {
                HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd => HeaderAppendAction.AppendIfExistsOrAdd,
                HeaderValueOption.Types.HeaderAppendAction.AddIfAbsent => HeaderAppendAction.AddIfAbsent,
                HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd => HeaderAppendAction.OverwriteIfExistsOrAdd,
                HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExists => HeaderAppendAction.OverwriteIfExists,
                _ => throw ProtoValues.Error(at + ".append_action", $"unknown value {(int)option.AppendAction}"),
            };
        }

        IHeaderValueFormatter? formatter = null;
        if (value.Contains('%'))
        {
            formatter = CreateFormatter(value, at + ".header.value", ctx);
        }

        return new HeaderToAdd(name, value, formatter, action, option.KeepEmptyValue);
    }

    private static IHeaderValueFormatter CreateFormatter(string template, string at, RouteTranslationContext ctx)
    {
        try
        {
            return ctx.FormatterFactory(template);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(at, e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new ConfigException($"{at}: invalid header value format '{template}': {e.Message}", e);
        }
    }

    // Envoy's HeaderUtility::isModifiableHeader / isRemovableHeader.
    private static bool IsModifiable(string lowerName) => lowerName[0] != ':' && lowerName != "host";
}
