namespace Proxy.Xds.Json;

/// <summary>One <c>google.protobuf.Any</c> met while transcoding a configuration.</summary>
/// <param name="Path">JSON path of the Any in the document (e.g. <c>static_resources.listeners[0].filter_chains[0].filters[0].typed_config</c>).</param>
/// <param name="TypeUrl">The Any's own type URL.</param>
/// <param name="TypedStructTypeUrl">For a <c>udpa.type.v1.TypedStruct</c> or <c>xds.type.v3.TypedStruct</c>, the type_url it names; otherwise null.</param>
public readonly record struct AnyUse(string Path, string TypeUrl, string? TypedStructTypeUrl)
{
    /// <summary>The configured type: the TypedStruct's type_url when there is one, else the Any's.</summary>
    public string EffectiveTypeUrl => TypedStructTypeUrl ?? TypeUrl;
}
