namespace Proxy.Filters.Formatting;

/// <summary>Text between command operators, with <c>%%</c> already turned into <c>%</c>.</summary>
internal sealed class LiteralPart : FormatPart
{
    public LiteralPart(string text) => Text = text;

    public string Text { get; }

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        output.Append(Text);
        return ValueKind.String;
    }
}
