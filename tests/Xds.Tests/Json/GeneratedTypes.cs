using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Proxy.Xds.Tests.Json;

/// <summary>
/// Test-only reference implementation: Google.Protobuf's reflection-based JsonParser/JsonFormatter over the
/// generated types (which src/ no longer touches), to check the transcoder against.
/// </summary>
internal static class GeneratedTypes
{
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles([.. AllFiles()]);

    public static JsonFormatter Formatter { get; } =
        new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithTypeRegistry(Registry));

    public static MessageParser<T> Parser<T>()
        where T : IMessage<T>, new() =>
        (MessageParser<T>)typeof(T).GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public static string NameOf<T>()
        where T : IMessage<T>, new() => new T().Descriptor.FullName;

    private static IEnumerable<FileDescriptor> AllFiles()
    {
        Assembly[] assemblies = [typeof(Envoy.Config.Bootstrap.V3.Bootstrap).Assembly, typeof(Google.Protobuf.WellKnownTypes.Any).Assembly];
        foreach (var assembly in assemblies)
        {
            foreach (var type in assembly.GetTypes())
            {
                if (type.IsAbstract && type.IsSealed && type.Name.EndsWith("Reflection", StringComparison.Ordinal)
                    && type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static) is { } property
                    && property.PropertyType == typeof(FileDescriptor))
                {
                    yield return (FileDescriptor)property.GetValue(null)!;
                }
            }
        }
    }
}
