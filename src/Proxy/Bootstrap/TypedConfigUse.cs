namespace Proxy.Bootstrap;

/// <summary>One typed_config (an Any, or the type named inside a TypedStruct) found in a configuration.</summary>
/// <param name="Path">JSON path of the Any, with proto field names.</param>
/// <param name="TypeUrl">The Any's type URL, or the TypedStruct's type_url.</param>
/// <param name="InTypedStruct">Named by a udpa/xds TypedStruct rather than by the Any itself.</param>
public readonly record struct TypedConfigUse(string Path, string TypeUrl, bool InTypedStruct)
{
    public string TypeName => ExtensionCatalog.TypeNameOf(TypeUrl);
}
