using Google.Protobuf.Reflection;
using Proxy.Xds.Json;

namespace Proxy.Xds;

/// <summary>
/// Every message type of the Envoy API this proxy was built with (the <c>EnvoyProtoRoot</c> items of
/// src/EnvoyApi/EnvoyApi.csproj, their imports and the well-known types), as dynamic descriptors built from the
/// FileDescriptorSet embedded in EnvoyApi (resource <see cref="ResourceName"/>). Used to read and print proto
/// JSON (bootstrap, typed_config, admin output).
/// <para>
/// Generated types' <c>Descriptor</c> properties are never touched: Google.Protobuf builds those eagerly with
/// reflection accessors for every field of the file and all its imports (seconds under JIT, ~100 MB under
/// NativeAOT). The dynamic table is built on first use; after <see cref="Release"/> (called once the proxy has
/// started) it is only weakly held, so a proxy that never prints config does not keep it, and a later use
/// rebuilds it if it was collected.
/// </para>
/// </summary>
public static class EnvoyTypeRegistry
{
    /// <summary>The manifest resource name of the descriptor set in the EnvoyApi assembly.</summary>
    public const string ResourceName = "envoy-api.pb";

    private static readonly Lock Gate = new();
    private static TypeTable? _strong;
    private static WeakReference<TypeTable>? _weak;
    private static bool _released;

    /// <summary>The proto files in the set (import paths such as <c>envoy/config/bootstrap/v3/bootstrap.proto</c>), dependencies first.</summary>
    public static IReadOnlyList<string> FileNames => [.. Table.Files.Select(f => f.Name)];

    /// <summary>The message type with this full name (<c>envoy.config.cluster.v3.Cluster</c>), or null.</summary>
    public static MessageDescriptor? Find(string fullName) => Table.Find(fullName);

    /// <summary>
    /// Drops the strong reference to the descriptors: from now on they live only as long as a use holds them
    /// (or until the garbage collector runs), and each later use may rebuild them.
    /// </summary>
    public static void Release()
    {
        lock (Gate)
        {
            _released = true;
            _strong = null;
        }
    }

    /// <summary>Whether the descriptors are in memory now (for tests and measurements).</summary>
    public static bool IsLoaded
    {
        get
        {
            lock (Gate)
            {
                return _strong is not null || (_weak is not null && _weak.TryGetTarget(out _));
            }
        }
    }

    /// <summary>The table; callers keep the returned reference for the duration of one operation.</summary>
    internal static TypeTable Table
    {
        get
        {
            lock (Gate)
            {
                if (_strong is { } strong)
                {
                    return strong;
                }

                if (_weak is not null && _weak.TryGetTarget(out var alive))
                {
                    return alive;
                }

                var table = TypeTable.Load(ReadResource());
                _weak = new WeakReference<TypeTable>(table);
                if (!_released)
                {
                    _strong = table;
                }

                return table;
            }
        }
    }

    private static byte[] ReadResource()
    {
        var assembly = typeof(Envoy.Config.Bootstrap.V3.Bootstrap).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource '{ResourceName}' is missing from {assembly.GetName().Name}; rebuild src/EnvoyApi");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
