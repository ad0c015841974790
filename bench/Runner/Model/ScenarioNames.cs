namespace Bench.Runner.Model;

/// <summary>The names used on the command line and in results.json.</summary>
public static class ScenarioNames
{
    public static string Name(Scenario scenario) => scenario switch
    {
        Scenario.Http1 => "http1",
        Scenario.H2c => "h2c",
        Scenario.Tcp => "tcp",
        _ => "large",
    };

    public static Scenario Parse(string name) => name switch
    {
        "http1" => Scenario.Http1,
        "h2c" => Scenario.H2c,
        "tcp" => Scenario.Tcp,
        "large" => Scenario.Large,
        _ => throw new ArgumentException($"unknown scenario '{name}' (http1, h2c, tcp, large)"),
    };

    /// <summary>True when the client speaks h2c to the target.</summary>
    public static bool IsH2c(Scenario scenario) => scenario == Scenario.H2c;
}
