using Proxy.Listeners;

namespace Proxy.Tests.Listeners;

public sealed class DownstreamSocketOptionsTests
{
    [Fact]
    public void AcceptedSocketsAreServedInlineAndReadWithoutAZeroByteReadFirst()
    {
        var options = ListenerManager.DownstreamSocketOptions();

        Assert.True(options.UnsafePreferInlineScheduling);
        Assert.False(options.WaitForDataBeforeAllocatingBuffer);
    }
}
