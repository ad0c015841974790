namespace Proxy.Integration.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);
