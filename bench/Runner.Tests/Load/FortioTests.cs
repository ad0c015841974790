using Bench.Runner.Load;

namespace Bench.Runner.Tests.Load;

public sealed class FortioTests
{
    [Fact]
    public void JsonResultGivesFortiosFigures()
    {
        // The fields fortio load -json writes that the harness reads (trimmed).
        var json = """
{
  "RunType": "HTTP",
  "RequestedQPS": "1000",
  "ActualQPS": 998.7,
  "ActualDuration": 15001000000,
  "NumThreads": 16,
  "DurationHistogram": {
    "Count": 14981,
    "Min": 0.000101,
    "Avg": 0.00023,
    "Percentiles": [
      {"Percentile": 50, "Value": 0.00021},
      {"Percentile": 90, "Value": 0.00031},
      {"Percentile": 99, "Value": 0.00062},
      {"Percentile": 99.9, "Value": 0.0011}
    ]
  },
  "RetCodes": {"200": 14978, "503": 3}
}
""";

        var r = Fortio.Parse(json);

        Assert.Equal(998.7, r.ActualQps);
        Assert.Equal(14981, r.Requests);
        Assert.Equal(3, r.Errors);
        Assert.Equal(15.001, r.DurationSeconds, 6);
        Assert.Equal(0.00021, r.At(50));
        Assert.Equal(0.0011, r.At(99.9));
        Assert.True(double.IsNaN(r.At(75)));
    }
}
