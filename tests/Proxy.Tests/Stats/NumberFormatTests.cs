using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>The fmt/printf number formats of Envoy's admin output.</summary>
public sealed class NumberFormatTests
{
    [Theory]
    [InlineData(1800000, 6, "1.8e+06")]
    [InlineData(3600000, 6, "3.6e+06")]
    [InlineData(300000, 6, "300000")]
    [InlineData(0.5, 6, "0.5")]
    [InlineData(99.9, 6, "99.9")]
    [InlineData(0.0001, 6, "0.0001")]
    [InlineData(0.00001, 6, "1e-05")]
    [InlineData(0.5, 32, "0.5")]
    [InlineData(3600000, 32, "3600000")]
    [InlineData(0.1, 32, "0.10000000000000000555111512312578")]
    [InlineData(0, 32, "0")]
    [InlineData(200, 15, "200")]
    [InlineData(0.01, 15, "0.01")]
    public void GeneralIsPrintfG(double value, int precision, string expected)
    {
        Assert.Equal(expected, NumberFormat.General(value, precision));
    }

    [Theory]
    [InlineData(207.5, "207.5")]
    [InlineData(200, "200")]
    [InlineData(209.95, "209.95")]
    [InlineData(0.505, "0.505")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345, "123456789012345")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    public void ShortestIsFmtDefault(double value, string expected)
    {
        Assert.Equal(expected, NumberFormat.Shortest(value));
    }

    [Fact]
    public void NonFiniteValues()
    {
        Assert.Equal("nan", NumberFormat.Shortest(double.NaN));
        Assert.Equal("nan", NumberFormat.General(double.NaN, 32));
        Assert.Equal("inf", NumberFormat.General(double.PositiveInfinity, 6));
    }
}
