using Google.Protobuf;

namespace Proxy.Xds.Client;

/// <summary>
/// One resource of a response. <see cref="Version"/> is the resource's own version in Delta xDS (and when the
/// server wraps SotW resources in <c>envoy.service.discovery.v3.Resource</c>); otherwise the response's
/// version_info.
/// </summary>
/// <remarks>
/// A resource of a type that is parsed on read (<see cref="XdsResourceType.ParsedOnRead"/>) keeps only its
/// bytes: each read of <see cref="Message"/> parses them again, and a resource that does not parse rejects
/// the response then, with <see cref="XdsRejectedException"/>.
/// </remarks>
public sealed class XdsResource
{
    private readonly IMessage? _message;
    private readonly XdsResourceType? _type;

    public XdsResource(string name, string version, IMessage message)
    {
        Name = name;
        Version = version;
        _message = message;
    }

    private XdsResource(string name, string version, ByteString wire, XdsResourceType type)
    {
        Name = name;
        Version = version;
        Wire = wire;
        _type = type;
    }

    public string Name { get; }

    public string Version { get; }

    /// <summary>The parsed resource (parsed again on each read for a type parsed on read).</summary>
    public IMessage Message => _message ?? Parse();

    /// <summary>
    /// The resource's bytes as the control plane sent them (the Any's value), when it came over the wire:
    /// watchers that keep resources in wire form or compare them by bytes use these instead of serializing
    /// <see cref="Message"/> again. Null for resources read from files.
    /// </summary>
    public ByteString? Wire { get; init; }

    /// <summary>A resource that is parsed each time it is read.</summary>
    public static XdsResource OnRead(string name, string version, ByteString wire, XdsResourceType type) => new(name, version, wire, type);

    /// <summary>The wire form: <see cref="Wire"/>, or <see cref="Message"/> serialized.</summary>
    public ByteString ToByteString() => Wire ?? Message.ToByteString();

    private IMessage Parse()
    {
        try
        {
            return _type!.Parse(Wire!);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new XdsRejectedException($"{_type!.TypeName} '{Name}': the resource does not parse: {e.Message}");
        }
    }
}
