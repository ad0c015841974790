namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>The proxy binary run to completion (validate, init_only, usage errors): exit code and output.</summary>
public static class ProxyCommand
{
    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, TimeSpan.FromSeconds(60));

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        ExternalProcess.RunAsync("dotnet", new[] { RepoPaths.ProxyDll }.Concat(arguments), timeout);
}
