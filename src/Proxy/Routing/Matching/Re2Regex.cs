using System.Text;
using System.Text.RegularExpressions;
using Proxy.Filters.Extensions;

namespace Proxy.Routing.Matching;

/// <summary>
/// Envoy's <c>safe_regex</c> uses Google RE2 (linear time, no backtracking). We compile with .NET's
/// <see cref="RegexOptions.NonBacktracking"/> engine, which has the same guarantee, after turning RE2 syntax
/// into .NET syntax and refusing what RE2 lacks, so a pattern Envoy rejects is rejected here too:
/// backreferences, lookaround, atomic groups, possessive quantifiers, conditionals, <c>\Z</c>, <c>\G</c>.
/// Differences handled: <c>\d \w \s</c> are ASCII-only in RE2; <c>$</c> outside multi-line mode is end of
/// text (RE2) rather than "end or before a final newline" (.NET); <c>(?P&lt;name&gt;</c> groups; POSIX classes
/// such as <c>[[:alpha:]]</c>; rewrite strings use <c>\1</c> rather than <c>$1</c>. Not modelled: RE2's program
/// size limit (Envoy's <c>re2.max_program_size</c> runtime guard).
/// </summary>
public static class Re2Regex
{
    public const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>For RE2 <c>FullMatch</c> (route <c>safe_regex</c>, StringMatcher <c>safe_regex</c>): anchored at both ends.</summary>
    public static Regex CompileFullMatch(string pattern) => Compile(pattern, fullMatch: true);

    /// <summary>For RE2 <c>GlobalReplace</c> (<c>regex_rewrite</c>): matches anywhere.</summary>
    public static Regex CompileSearch(string pattern) => Compile(pattern, fullMatch: false);

    /// <summary>
    /// Turns an RE2 rewrite string (<c>\0</c>..<c>\9</c> name groups, <c>\\</c> is a backslash) into a .NET
    /// replacement pattern. RE2 refuses to rewrite with an unknown escape or a group the pattern lacks; we refuse
    /// such a configuration outright.
    /// </summary>
    public static string TranslateSubstitution(string substitution, Regex regex)
    {
        int groups = regex.GetGroupNumbers().Length - 1;
        var result = new StringBuilder(substitution.Length + 8);
        for (int i = 0; i < substitution.Length; i++)
        {
            char c = substitution[i];
            if (c == '$')
            {
                result.Append("$$");
            }
            else if (c != '\\')
            {
                result.Append(c);
            }
            else if (i + 1 >= substitution.Length)
            {
                throw new ConfigException($"invalid substitution '{substitution}': trailing '\\'");
            }
            else
            {
                char next = substitution[++i];
                if (next == '\\')
                {
                    result.Append('\\');
                }
                else if (next is >= '0' and <= '9')
                {
                    int group = next - '0';
                    if (group > groups)
                    {
                        throw new ConfigException($"invalid substitution '{substitution}': \\{group} but the pattern has {groups} capture group(s)");
                    }

                    result.Append("${").Append(group).Append('}');
                }
                else
                {
                    throw new ConfigException($"invalid substitution '{substitution}': invalid rewrite escape '\\{next}'");
                }
            }
        }

        return result.ToString();
    }

    private static Regex Compile(string pattern, bool fullMatch)
    {
        if (pattern.Length == 0)
        {
            throw new ConfigException("regex must not be empty");
        }

        string translated = Translate(pattern);
        string source = fullMatch ? @"\A(?:" + translated + @")\z" : translated;
        try
        {
            return new Regex(source, Options);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"invalid regex '{pattern}': {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new ConfigException($"invalid regex '{pattern}': {e.Message}", e);
        }
    }

    private static string Translate(string p)
    {
        bool multiLine = MayEnableMultiLine(p);
        var sb = new StringBuilder(p.Length + 16);
        int i = 0;
        bool inClass = false;
        while (i < p.Length)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length)
                {
                    throw Invalid(p, "trailing '\\'");
                }

                i = TranslateEscape(p, i, inClass, sb);
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    i = TranslatePosixClass(p, i, sb);
                    continue;
                }

                if (c == '[')
                {
                    // RE2 takes a '[' inside a class literally; .NET would read "[a-[b]]" as class subtraction.
                    sb.Append(@"\[");
                    i++;
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append('[');
                    i++;
                    if (i < p.Length && p[i] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    // A ']' right after the opening bracket is a literal in RE2.
                    if (i < p.Length && p[i] == ']')
                    {
                        sb.Append(@"\]");
                        i++;
                    }

                    continue;
                case '(':
                    i = TranslateGroupOpen(p, i, sb);
                    continue;
                case '$':
                    sb.Append(multiLine ? "$" : @"\z");
                    i++;
                    continue;
                case '*' or '+' or '?':
                    sb.Append(c);
                    i++;
                    if (i < p.Length && p[i] == '+')
                    {
                        throw Unsupported(p, $"possessive quantifier '{c}+'");
                    }

                    if (i < p.Length && p[i] == '?')
                    {
                        // Lazy quantifier: same syntax in both.
                        sb.Append('?');
                        i++;
                    }

                    continue;
                default:
                    sb.Append(c);
                    i++;
                    continue;
            }
        }

        if (inClass)
        {
            throw Invalid(p, "missing ']'");
        }

        return sb.ToString();
    }

    private static int TranslateEscape(string p, int i, bool inClass, StringBuilder sb)
    {
        char e = p[i + 1];
        switch (e)
        {
            case >= '1' and <= '9':
                if (!inClass)
                {
                    throw Unsupported(p, $"backreference '\\{e}'");
                }

                break;
            case 'k' when !inClass:
                throw Unsupported(p, "named backreference '\\k'");
            case 'Z' or 'G':
                throw Unsupported(p, $"'\\{e}'");
            case 'd':
                sb.Append(inClass ? "0-9" : "[0-9]");
                return i + 2;
            case 'D' when !inClass:
                sb.Append("[^0-9]");
                return i + 2;
            case 'w':
                sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
                return i + 2;
            case 'W' when !inClass:
                sb.Append("[^0-9A-Za-z_]");
                return i + 2;
            case 's':
                sb.Append(inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]");
                return i + 2;
            case 'S' when !inClass:
                sb.Append(@"[^\t\n\f\r ]");
                return i + 2;
            case 'p' or 'P' when i + 2 < p.Length && p[i + 2] != '{':
                // RE2 accepts one-letter Unicode classes without braces (\pL); .NET needs \p{L}.
                sb.Append('\\').Append(e).Append('{').Append(p[i + 2]).Append('}');
                return i + 3;
        }

        sb.Append('\\').Append(e);
        return i + 2;
    }

    private static int TranslateGroupOpen(string p, int i, StringBuilder sb)
    {
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            sb.Append('(');
            return i + 1;
        }

        ReadOnlySpan<char> rest = p.AsSpan(i + 2);
        if (rest.StartsWith("P<") || (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")))
        {
            // A named group. RE2 numbers every group left to right, .NET numbers named groups after the unnamed
            // ones; rewrites only use numbers, so the name is dropped to keep RE2's numbering.
            int close = p.IndexOf('>', i);
            if (close < 0)
            {
                throw Invalid(p, "unterminated group name");
            }

            sb.Append('(');
            return close + 1;
        }

        if (rest.StartsWith("P=") || rest.StartsWith("P>"))
        {
            throw Unsupported(p, "named backreference or recursion '(?P='");
        }

        if (rest.StartsWith("=") || rest.StartsWith("!"))
        {
            throw Unsupported(p, "lookahead");
        }

        if (rest.StartsWith("<=") || rest.StartsWith("<!"))
        {
            throw Unsupported(p, "lookbehind");
        }

        if (rest.StartsWith(">"))
        {
            throw Unsupported(p, "atomic group");
        }

        if (rest.StartsWith("("))
        {
            throw Unsupported(p, "conditional");
        }

        if (rest.StartsWith("'") || rest.StartsWith("#"))
        {
            throw Unsupported(p, $"'(?{rest[0]}'");
        }

        // Flags: RE2 knows i, m, s and U (ungreedy); .NET has no U.
        int j = 0;
        while (j < rest.Length && rest[j] != ':' && rest[j] != ')')
        {
            char flag = rest[j];
            if (flag == 'U')
            {
                throw Unsupported(p, "flag 'U' (ungreedy)");
            }

            if (flag is not ('i' or 'm' or 's' or '-'))
            {
                throw Invalid(p, $"invalid or unsupported flag '{flag}'");
            }

            j++;
        }

        sb.Append("(?");
        return i + 2;
    }

    private static int TranslatePosixClass(string p, int i, StringBuilder sb)
    {
        int end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            sb.Append(@"\[");
            return i + 1;
        }

        string name = p.Substring(i + 2, end - i - 2);
        string? members = name switch
        {
            "alnum" => "0-9A-Za-z",
            "alpha" => "A-Za-z",
            "ascii" => @"\x00-\x7F",
            "blank" => @"\t ",
            "cntrl" => @"\x00-\x1F\x7F",
            "digit" => "0-9",
            "graph" => @"!-~",
            "lower" => "a-z",
            "print" => @" -~",
            "punct" => @"!-/:-@\[-`{-~",
            "space" => @"\t\n\v\f\r ",
            "upper" => "A-Z",
            "word" => "0-9A-Za-z_",
            "xdigit" => "0-9A-Fa-f",
            _ => null,
        };
        if (members is null)
        {
            throw Unsupported(p, $"character class '[:{name}:]'");
        }

        sb.Append(members);
        return end + 2;
    }

    private static bool MayEnableMultiLine(string p)
    {
        // Conservative: any "(?" flag group naming 'm' keeps '$' as .NET's multi-line '$', which equals RE2's there.
        int at = 0;
        while ((at = p.IndexOf("(?", at, StringComparison.Ordinal)) >= 0)
        {
            at += 2;
            while (at < p.Length && p[at] is not (':' or ')'))
            {
                if (p[at] == 'm')
                {
                    return true;
                }

                if (!char.IsAsciiLetter(p[at]) && p[at] != '-')
                {
                    break;
                }

                at++;
            }
        }

        return false;
    }

    private static ConfigException Invalid(string pattern, string reason) =>
        new($"invalid regex '{pattern}': {reason}");

    private static ConfigException Unsupported(string pattern, string construct) =>
        new($"invalid regex '{pattern}': {construct} is not supported by RE2");
}
