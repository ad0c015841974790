using Bench.Runner.Model;
using Bench.Runner.Report;
using static Bench.Runner.Tests.Report.Records;

namespace Bench.Runner.Tests.Report;

public sealed class AddedLatencyTests
{
    [Fact]
    public void ProxiesGetTheirPercentileMinusDirectsFromTheSameTurn()
    {
        var direct = Run("direct", 0.000200, 0.000300, 0.000500);
        var proxy = Run("proxy-jit", 0.000260, 0.000380, 0.000640);

        AddedLatency.Fill([direct, proxy]);

        Assert.Equal(0.000060, proxy.AddedP50!.Value, 9);
        Assert.Equal(0.000080, proxy.AddedP90!.Value, 9);
        Assert.Equal(0.000140, proxy.AddedP99!.Value, 9);
        Assert.Null(direct.AddedP50);
    }

    [Fact]
    public void MaximumRateHasNoAddedLatency()
    {
        var proxy = Run("nginx", 0.002, 0.003, 0.004, LoadMode.Max);

        AddedLatency.Fill([Run("direct", 0.001, 0.002, 0.003, LoadMode.Max), proxy]);

        Assert.Null(proxy.AddedP99);
    }

    [Fact]
    public void WithoutAWorkingDirectRunNothingIsAdded()
    {
        var proxy = Run("haproxy", 0.0003, 0.0004, 0.0005);

        AddedLatency.Fill([Run("direct", 0.0002, 0.0003, 0.0004, note: "did not serve"), proxy]);

        Assert.Null(proxy.AddedP50);
    }
}
