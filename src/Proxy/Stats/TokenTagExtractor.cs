namespace Proxy.Stats;

/// <summary>
/// Envoy's token-pattern extractor (<c>TagExtractorTokensImpl</c>), used by most built-in tags: the pattern
/// is dot-separated tokens where a literal must equal the name's token, <c>*</c> matches one token,
/// <c>**</c> any number (at least one when last) and <c>$</c> one token that becomes the tag value.
/// E.g. <c>cluster.$.**</c> on <c>cluster.foo.upstream_rq_total</c> tags <c>foo</c> and removes <c>foo.</c>.
/// </summary>
internal sealed class TokenTagExtractor : TagExtractor
{
    private readonly string[] _pattern;
    private readonly int _matchIndex;

    public TokenTagExtractor(string name, string pattern)
        : base(name, FirstLiteral(pattern))
    {
        _pattern = pattern.Split('.');
        _matchIndex = Array.IndexOf(_pattern, "$");
        if (_matchIndex < 0)
        {
            throw new ArgumentException($"token pattern '{pattern}' has no '$'");
        }
    }

    public override bool TryExtract(TagExtractionContext context, List<StatTag> tags, RemovalRanges removals)
    {
        var input = context.Tokens;
        var start = 0;
        var matchInput = input.Length;
        if (!Search(input, 0, 0, 0, ref start, ref matchInput))
        {
            return false;
        }

        var value = input[matchInput];

        // Remove the value with the dot that follows it ("ab." or "cd."), or, when it is the last
        // token, with the dot before it (".ef").
        var end = start + value.Length;
        if (matchInput < input.Length - 1)
        {
            end++;
        }
        else if (start > 0)
        {
            start--;
        }

        tags.Add(new StatTag(Name, value));
        removals.Add(start, end);
        return true;
    }

    private bool Search(string[] input, int inputIndex, int patternIndex, int charIndex, ref int start, ref int matchInput)
    {
        for (; inputIndex < input.Length && patternIndex < _pattern.Length; inputIndex++, patternIndex++)
        {
            if (patternIndex == _matchIndex)
            {
                start = charIndex;
                matchInput = inputIndex;

                // Envoy does not advance the character index past the "$" token; nothing after it
                // reads the index, so this only keeps the same shape.
                continue;
            }

            var expected = _pattern[patternIndex];
            if (expected == "**")
            {
                if (patternIndex == _pattern.Length - 1)
                {
                    return true; // a trailing "**" takes the rest (at least this one token)
                }

                // "**" in the middle: the rest of the pattern must match from some later token.
                patternIndex++;
                for (; inputIndex < input.Length; inputIndex++)
                {
                    if (Search(input, inputIndex, patternIndex, charIndex, ref start, ref matchInput))
                    {
                        return true;
                    }

                    charIndex += input[inputIndex].Length + 1;
                }

                return false;
            }

            var token = input[inputIndex];
            if (expected != "*" && expected != token)
            {
                return false;
            }

            charIndex += token.Length + 1;
        }

        return patternIndex == _pattern.Length && inputIndex == input.Length;
    }

    private static string FirstLiteral(string pattern)
    {
        var dot = pattern.IndexOf('.');
        var first = dot < 0 ? pattern : pattern[..dot];
        return first is "$" or "*" or "**" ? string.Empty : first;
    }
}
