using Bench.Runner.Processes;

namespace Bench.Runner.Upstreams;

/// <summary>
/// The upstream every target forwards to. Http1Port serves HTTP/1.1 (what the proxies connect to);
/// H2cPort serves h2c with prior knowledge (what "direct" is measured against in the h2c scenario).
/// </summary>
public sealed record RunningUpstream(string Kind, int Http1Port, int H2cPort, string SmallPath, string LargePath, StartedProcess Process);
