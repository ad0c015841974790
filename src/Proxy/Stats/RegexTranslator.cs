using System.Text;
using System.Text.RegularExpressions;

namespace Proxy.Stats;

/// <summary>
/// Compiles RE2 and C++ <c>std::regex</c> (ECMAScript) patterns as .NET regexes with the same meaning on
/// stat names. .NET has no POSIX bracket classes (<c>[[:digit:]]</c>, used by Envoy's and Istio's tag
/// regexes), no <c>(?P&lt;name&gt;)</c> and no <c>\Q..\E</c>; its <c>\d</c>, <c>\w</c>, <c>\s</c> are Unicode-wide
/// where RE2's and std::regex's are ASCII; its <c>$</c> also matches before a final newline where RE2's
/// does not. Everything else in the RE2 syntax means the same in .NET.
/// </summary>
internal static class RegexTranslator
{
    /// <summary>
    /// Compiles <paramref name="pattern"/>. RE2 patterns whose captures are not needed run on .NET's
    /// non-backtracking engine: linear time like RE2, and it refuses what RE2 refuses (lookaround,
    /// backreferences). Throws <see cref="ArgumentException"/> with the reason when the pattern is invalid.
    /// </summary>
    public static Regex Compile(string pattern, RegexDialect dialect, bool needsCaptures)
    {
        var translated = Translate(pattern, dialect);
        var options = RegexOptions.CultureInvariant;
        if (dialect == RegexDialect.Re2 && !needsCaptures)
        {
            options |= RegexOptions.NonBacktracking;
        }

        try
        {
            return new Regex(translated, options);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>Rewrites the constructs .NET spells differently; see the type's remarks.</summary>
    public static string Translate(string pattern, RegexDialect dialect)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new ArgumentException("trailing \\");
                }

                var next = pattern[i + 1];
                var shorthand = Shorthand(next, inClass, dialect);
                if (shorthand is not null)
                {
                    sb.Append(shorthand);
                    i++;
                    if (inClass)
                    {
                        i = EscapeDashAfterSet(pattern, i, sb);
                    }

                    continue;
                }

                if (next == 'Q')
                {
                    // RE2 quoting: everything up to \E is literal.
                    var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                    var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                    sb.Append(inClass ? EscapeInClass(literal) : Regex.Escape(literal));
                    i = end < 0 ? pattern.Length : end + 1;
                    continue;
                }

                sb.Append(c).Append(next);
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == '[')
                {
                    var posix = TryPosixClass(pattern, i, out var consumedTo);
                    if (posix is not null)
                    {
                        sb.Append(posix);
                        i = EscapeDashAfterSet(pattern, consumedTo, sb);
                        continue;
                    }

                    // A literal '[' in a class; escaped so .NET never reads "-[" as class subtraction.
                    sb.Append("\\[");
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    i = OpenClass(pattern, i, dialect, sb, out inClass);
                    break;
                case '$':
                    // RE2 and ECMAScript: end of text only (no "before a final \n" as in .NET).
                    sb.Append(multiline ? "$" : "\\z");
                    break;
                case '(' when string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0:
                    sb.Append("(?<");
                    i += 3;
                    break;
                case '(' when i + 1 < pattern.Length && pattern[i + 1] == '?':
                    RejectUngreedyFlag(pattern, i);
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        if (inClass)
        {
            throw new ArgumentException("missing ]");
        }

        return sb.ToString();
    }

    // Opens a character class at pattern[start] == '['; returns the index of the last consumed char.
    private static int OpenClass(string pattern, int start, RegexDialect dialect, StringBuilder sb, out bool inClass)
    {
        var i = start + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            if (dialect == RegexDialect.Ecma)
            {
                // ECMAScript: "[]" matches nothing and "[^]" matches anything.
                sb.Append(negated ? "[\\s\\S]" : "(?!)");
                inClass = false;
                return i;
            }

            // RE2/POSIX: a ']' right after '[' or '[^' is a literal.
            sb.Append(negated ? "[^\\]" : "[\\]");
            inClass = true;
            return i;
        }

        sb.Append(negated ? "[^" : "[");
        inClass = true;
        return i - 1;
    }

    private static string? Shorthand(char c, bool inClass, RegexDialect dialect)
    {
        var space = dialect == RegexDialect.Re2 ? "\\t\\n\\f\\r " : "\\t\\n\\v\\f\\r ";
        return c switch
        {
            'd' => inClass ? "0-9" : "[0-9]",
            'D' => inClass ? "\\D" : "[^0-9]",
            'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
            'W' => inClass ? "\\W" : "[^a-zA-Z0-9_]",
            's' => inClass ? space : "[" + space + "]",
            'S' => inClass ? "\\S" : "[^" + space + "]",
            _ => null,
        };
    }

    // "[:digit:]" inside a class → its ASCII ranges; null when pattern[start..] is not a POSIX class.
    private static string? TryPosixClass(string pattern, int start, out int consumedTo)
    {
        consumedTo = start;
        if (start + 1 >= pattern.Length || pattern[start + 1] != ':')
        {
            return null;
        }

        var close = pattern.IndexOf(":]", start + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        var name = pattern[(start + 2)..close];
        consumedTo = close + 1;
        var negated = name.StartsWith('^');
        if (negated)
        {
            name = name[1..];
        }

        var ranges = name switch
        {
            "alnum" => "0-9A-Za-z",
            "alpha" => "A-Za-z",
            "ascii" => "\\x00-\\x7F",
            "blank" => "\\t ",
            "cntrl" => "\\x00-\\x1F\\x7F",
            "digit" => "0-9",
            "graph" => "!-~",
            "lower" => "a-z",
            "print" => " -~",
            "punct" => "!-/:-@\\[-`{-~",
            "space" => "\\t\\n\\v\\f\\r ",
            "upper" => "A-Z",
            "word" => "0-9A-Za-z_",
            "xdigit" => "0-9A-Fa-f",
            _ => throw new ArgumentException($"invalid character class range: [:{name}:]"),
        };

        if (!negated)
        {
            return ranges;
        }

        return name switch
        {
            "digit" => "\\D",
            "space" => "\\S",
            "word" => "\\W",
            _ => throw new ArgumentException($"negated POSIX class [:^{name}:] is not supported"),
        };
    }

    // After a set (\d, [:digit:]) inside a class, a '-' is a literal in RE2; .NET would read
    // "0-9_-." as the reversed range "_-.", so it is escaped.
    private static int EscapeDashAfterSet(string pattern, int index, StringBuilder sb)
    {
        if (index + 2 < pattern.Length && pattern[index + 1] == '-' && pattern[index + 2] != ']')
        {
            sb.Append("\\-");
            return index + 1;
        }

        return index;
    }

    private static string EscapeInClass(string literal)
    {
        var sb = new StringBuilder(literal.Length * 2);
        foreach (var ch in literal)
        {
            if (ch is '\\' or ']' or '[' or '^' or '-')
            {
                sb.Append('\\');
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }

    private static void RejectUngreedyFlag(string pattern, int start)
    {
        // (?flags) or (?flags:...): RE2's U (swap greediness) has no .NET equivalent.
        for (var i = start + 2; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            if (ch is ')' or ':')
            {
                return;
            }

            if (ch == 'U')
            {
                throw new ArgumentException("the U (ungreedy) flag is not supported");
            }

            if (!char.IsAsciiLetter(ch) && ch != '-')
            {
                return;
            }
        }
    }
}
