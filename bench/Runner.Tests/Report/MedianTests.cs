using Bench.Runner.Report;

namespace Bench.Runner.Tests.Report;

public sealed class MedianTests
{
    [Fact]
    public void OddCountTakesTheMiddle() => Assert.Equal(3.0, Median.Of([5.0, 1.0, 3.0]));

    [Fact]
    public void EvenCountAveragesTheTwoMiddle() => Assert.Equal(2.5, Median.Of([4.0, 1.0, 2.0, 3.0]));

    [Fact]
    public void MissingFiguresAreSkipped() => Assert.Equal(2.0, Median.Of([null, 2.0, double.NaN]));

    [Fact]
    public void NothingMeasuredIsNull() => Assert.Null(Median.Of([null]));
}
