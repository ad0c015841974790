using System.Text.Json;

namespace Proxy.Tests.Server;

/// <summary>The runtime settings the proxy ships with (proxy.runtimeconfig.json, built next to proxy.dll).</summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "proxy.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void IdleThreadPoolWorkersDoNotSpin()
    {
        var properties = ConfigProperties();

        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var limit));
        Assert.Equal(0, limit.GetInt32());
    }

    [Fact]
    public void TheCollectorIsTheWorkstationOneWithoutABackgroundThread()
    {
        var properties = ConfigProperties();

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }
}
