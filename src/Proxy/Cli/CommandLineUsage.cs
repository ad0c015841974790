using System.Text;

namespace Proxy.Cli;

/// <summary>The --help text and the short usage printed after a parse error, generated from the flag table.</summary>
public static class CommandLineUsage
{
    /// <summary>One line naming every flag, as TCLAP's "Brief USAGE".</summary>
    public static string Brief(string program)
    {
        var text = new StringBuilder("Brief USAGE: \n   ").Append(program);
        foreach (var flag in CommandLineFlags.All)
        {
            text.Append(" [").Append(flag.Short ?? flag.Long);
            if (flag.Kind != FlagKind.Switch)
            {
                text.Append(" <").Append(flag.ValueName).Append('>');
            }

            text.Append(flag.Kind == FlagKind.Multi ? "] ..." : "]");
        }

        return text.Append("\n\nFor complete USAGE and HELP type: \n   ").Append(program).Append(" --help\n").ToString();
    }

    /// <summary>Every flag with its help line.</summary>
    public static string Full(string program)
    {
        var text = new StringBuilder("USAGE: \n\n   ").Append(program).Append(" [flags]\n\nWhere: \n\n");
        foreach (var flag in CommandLineFlags.All)
        {
            text.Append("   ");
            if (flag.Short is not null)
            {
                text.Append(flag.Short).Append(",  ");
            }

            text.Append(flag.Long);
            if (flag.Kind != FlagKind.Switch)
            {
                text.Append(" <").Append(flag.ValueName).Append('>');
            }

            text.Append("\n     ").Append(flag.Help).Append(flag.Kind == FlagKind.Multi ? " (accepted multiple times)" : string.Empty).Append("\n\n");
        }

        return text.ToString();
    }
}
