using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Client;
using Proxy.Xds.Json;

namespace Proxy.Xds.Tests.Client;

public sealed class XdsFileSubscriptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xds-file").FullName;

    [Fact]
    public async Task The_file_is_read_at_start_and_again_when_a_new_one_is_moved_in_and_a_bad_one_changes_nothing()
    {
        var path = Path.Combine(_dir, "cds.json");
        Write(path, "1", "a");
        var watcher = new RecordingWatcher { Reject = u => u.Resources.Any(r => r.Name == "rejected") ? "no" : null };
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var subscription = new XdsFileSubscription(path, XdsResourceType.Cluster, watcher, Read, TimeProvider.System) { Failed = failures.Enqueue };
        subscription.Start();
        var first = await watcher.NextAsync();

        var next = Path.Combine(_dir, "cds.json.tmp");
        Write(next, "2", "a", "b");
        File.Move(next, path, overwrite: true);
        var second = await watcher.NextAsync();

        File.WriteAllText(path, "{ not json");
        Assert.False(subscription.Load());
        Write(path, "4", "rejected");
        Assert.False(subscription.Load());

        Assert.Equal(["a"], first.Resources.Select(r => r.Name));
        Assert.Equal("2", second.Version);
        Assert.Equal(["a", "b"], second.Resources.Select(r => r.Name));
        Assert.Contains(failures, f => f.StartsWith(path, StringComparison.Ordinal));
        Assert.Contains("no", failures);
        Assert.False(watcher.TryNext(out _));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DiscoveryResponse Read(string path) =>
        new ProtoJsonReader().Parse(File.ReadAllText(path), DiscoveryResponse.Parser, "envoy.service.discovery.v3.DiscoveryResponse");

    private static void Write(string path, string version, params string[] names)
    {
        var response = new DiscoveryResponse { VersionInfo = version };
        foreach (var name in names)
        {
            response.Resources.Add(Any.Pack(new Cluster { Name = name }));
        }

        File.WriteAllText(path, ProtoJsonWriter.Format(response, "envoy.service.discovery.v3.DiscoveryResponse"));
    }
}
