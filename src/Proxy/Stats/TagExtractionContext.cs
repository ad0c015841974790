namespace Proxy.Stats;

/// <summary>
/// The stat name being tagged, with its dot-separated tokens split once on first use (only the
/// token-pattern extractors need them). Every extractor sees the whole original name: Envoy runs each
/// extractor on the untouched name and removes the union of the matched ranges at the end.
/// </summary>
internal sealed class TagExtractionContext
{
    private string[]? _tokens;

    public TagExtractionContext(string name) => Name = name;

    public string Name { get; }

    public string[] Tokens => _tokens ??= Name.Split('.');
}
