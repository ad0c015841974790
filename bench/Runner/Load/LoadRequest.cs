using Bench.Runner.Model;

namespace Bench.Runner.Load;

/// <summary>One load window: where, how (protocol, fixed rate or max) and for how long; <paramref name="ResponseBytes"/> is the body size each response carries.</summary>
public sealed record LoadRequest(string Url, bool H2c, LoadMode Mode, int Connections, double Qps, TimeSpan Duration, int Threads, string Label, int ResponseBytes);
