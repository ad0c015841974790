using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Proxy.Xds.Json;

/// <summary>
/// Dynamic descriptors of every message in a FileDescriptorSet, built with
/// <see cref="FileDescriptor.BuildFromByteStrings(IEnumerable{ByteString})"/>: they carry no CLR type, so
/// (unlike a generated type's <c>Descriptor</c>) building them creates no reflection accessors. Also caches,
/// per message, the JSON name lookup and the fields in number order, so all of it is freed together.
/// </summary>
internal sealed class TypeTable
{
    private readonly Dictionary<string, MessageDescriptor> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MessageDescriptor, MessageShape> _shapes = new();

    private TypeTable(IReadOnlyList<FileDescriptor> files)
    {
        Files = files;
        foreach (var file in files)
        {
            foreach (var message in file.MessageTypes)
            {
                Add(message);
            }
        }
    }

    public IReadOnlyList<FileDescriptor> Files { get; }

    /// <summary>Builds the table from a serialized <c>google.protobuf.FileDescriptorSet</c> whose files come dependencies first (protoc --include_imports).</summary>
    public static TypeTable Load(ReadOnlySpan<byte> descriptorSet)
    {
        // FileDescriptorSet { repeated FileDescriptorProto file = 1; }: take each file's bytes as they are.
        var files = new List<ByteString>();
        var input = new CodedInputStream(descriptorSet.ToArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == ((1 << 3) | ProtoWriter.LengthDelimited))
            {
                files.Add(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return new TypeTable(FileDescriptor.BuildFromByteStrings(files));
    }

    public MessageDescriptor? Find(string fullName) => _messages.GetValueOrDefault(fullName);

    public MessageShape Shape(MessageDescriptor message) => _shapes.GetOrAdd(message, static m => new MessageShape(m));

    private void Add(MessageDescriptor message)
    {
        _messages[message.FullName] = message;
        foreach (var nested in message.NestedTypes)
        {
            Add(nested);
        }
    }
}
