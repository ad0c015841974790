namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// Debian's python3 (with python3-grpcio, python3-websockets and python3-h2) running the scripts under Scripts/,
/// copied next to the test assembly.
/// </summary>
public static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);

    public static Task<ProcessResult> RunAsync(string script, params string[] arguments) =>
        ExternalProcess.RunAsync(Interpreter, [Script(script), .. arguments], TimeSpan.FromSeconds(60));

    public static Task<BackgroundProcess> StartAsync(string script, string readyLine, params string[] arguments) =>
        BackgroundProcess.StartAsync(Interpreter, [Script(script), .. arguments], readyLine);
}
