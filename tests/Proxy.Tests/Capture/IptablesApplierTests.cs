using Proxy.Capture.Iptables;
using Xunit;

namespace Proxy.Tests.Capture;

/// <summary>The apply/cleanup decisions, against a scripted iptables (the real one is exercised in namespaces by
/// tests/Integration.Tests/Capture).</summary>
public sealed class IptablesApplierTests
{
    [Fact]
    public async Task Clean_state_gets_one_restore_with_noflush()
    {
        var runner = new ScriptedRunner(save: "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n", checksPass: false);

        var exit = await Run(runner, "-b", "*", "-i", "*");

        Assert.Equal(0, exit);
        var restore = Assert.Single(runner.Commands, c => c.Program == "iptables-restore");
        Assert.Equal("--noflush", restore.Arguments);
        Assert.Contains("-A ISTIO_OUTPUT -j ISTIO_REDIRECT", restore.Stdin, StringComparison.Ordinal);
        Assert.DoesNotContain(runner.Commands, c => c.Arguments.Contains("-X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rules_already_in_place_are_left_alone()
    {
        var expected = CaptureRules.Build(IptablesFlags.Parse(["-b", "*", "-i", "*"], _ => null, () => []));
        var save = SaveOf(expected.V4);
        var runner = new ScriptedRunner(save, checksPass: true);

        await Run(runner, "-b", "*", "-i", "*");

        Assert.DoesNotContain(runner.Commands, c => c.Program == "iptables-restore");
        Assert.Contains(runner.Commands, c => c.Arguments.StartsWith("-t nat -C ISTIO_OUTPUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Different_leftovers_are_removed_before_applying()
    {
        var runner = new ScriptedRunner("*nat\n:ISTIO_OUTPUT - [0:0]\n-A OUTPUT -j ISTIO_OUTPUT\n-A ISTIO_OUTPUT -j ISTIO_REDIRECT\nCOMMIT\n", checksPass: false);

        await Run(runner, "-b", "*");

        var programs = runner.Commands.Select(c => c.Program + " " + c.Arguments).ToList();
        var deleteJump = programs.IndexOf("iptables -t nat -D OUTPUT -j ISTIO_OUTPUT");
        var deleteChain = programs.IndexOf("iptables -t nat -X ISTIO_OUTPUT");
        var restore = programs.FindIndex(p => p.StartsWith("iptables-restore", StringComparison.Ordinal));
        Assert.True(deleteJump >= 0 && deleteJump < deleteChain && deleteChain < restore, string.Join('\n', programs));
    }

    [Fact]
    public async Task Missing_iptables_is_a_clear_error()
    {
        var stderr = new StringWriter();

        var exit = await IptablesCommand.RunAsync(["-b", "*"], new StringWriter(), stderr, _ => null, () => [], new MissingRunner());

        Assert.Equal(1, exit);
        Assert.Contains("iptables-save is not installed", stderr.ToString(), StringComparison.Ordinal);
    }

    private static Task<int> Run(ScriptedRunner runner, params string[] args) =>
        IptablesCommand.RunAsync(args, new StringWriter(), new StringWriter(), _ => null, () => [], runner);

    private static string SaveOf(IReadOnlyList<IptablesRule> rules)
    {
        var text = new System.Text.StringBuilder("*nat\n");
        foreach (var chain in rules.Select(r => r.Chain).Where(c => c.StartsWith("ISTIO_", StringComparison.Ordinal)).Distinct())
        {
            text.Append(':').Append(chain).Append(" - [0:0]\n");
        }

        foreach (var rule in rules)
        {
            text.Append("-A ").Append(rule.Chain).Append(' ').AppendJoin(' ', rule.Specification).Append('\n');
        }

        return text.Append("COMMIT\n").ToString();
    }

    private sealed record Command(string Program, string Arguments, string? Stdin);

    private sealed class ScriptedRunner(string save, bool checksPass) : ICommandRunner
    {
        public List<Command> Commands { get; } = [];

        public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string? stdin = null)
        {
            Commands.Add(new Command(program, string.Join(' ', arguments), stdin));
            var exit = arguments.Contains("-C") && !checksPass ? 1 : 0;
            return Task.FromResult(new CommandResult(exit, program.EndsWith("-save", StringComparison.Ordinal) ? save : "", ""));
        }
    }

    private sealed class MissingRunner : ICommandRunner
    {
        public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string? stdin = null) =>
            throw new FileNotFoundException($"{program} is not installed or not on PATH; install the iptables package", program);
    }
}
